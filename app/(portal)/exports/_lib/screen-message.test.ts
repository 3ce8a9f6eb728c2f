import { describe, expect, it } from "vitest";
import { forScreen } from "./screen-message";

describe("forScreen", () => {
  it("puts the form's label where an internal field path was", () => {
    expect(forScreen("scope.projectId: That project is not in this tenant. Choose a project from the list.")).toBe(
      "Project: That project is not in this tenant. Choose a project from the list.",
    );
    expect(forScreen("parts.maxRows: enter a whole number")).toBe("Rows per part: enter a whole number");
  });

  it("drops a path it has no label for", () => {
    expect(forScreen("filters[0].value: enter a number")).toBe("Enter a number");
    expect(forScreen("request.something.deep: not allowed")).toBe("Not allowed");
  });

  it("leaves messages in people's words alone", () => {
    for (const message of [
      "That project is not in this tenant. Choose a project from the list.",
      "Filter 1 (nodes): enter a whole number.",
      "Note: it is late",
      "Start date: too early",
    ])
      expect(forScreen(message)).toBe(message);
  });
});

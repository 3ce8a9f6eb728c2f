import { describe, expect, it } from "vitest";
import { userAgentSummary } from "./user-agent";

describe("userAgentSummary", () => {
  it("names the browser, its version and the system", () => {
    expect(userAgentSummary("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe(
      "Chrome 131 on Linux",
    );
    expect(userAgentSummary("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox 133 on Windows 10");
    expect(
      userAgentSummary(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17.5 on iOS 17.5");
  });

  it("keeps the product token of a client that is not a browser, and nothing for no header", () => {
    expect(userAgentSummary("curl/8.5.0")).toBe("curl 8.5.0");
    expect(userAgentSummary("python-requests/2.32.3")).toBe("python-requests 2.32.3");
    expect(userAgentSummary("")).toBeNull();
    expect(userAgentSummary(null)).toBeNull();
  });
});

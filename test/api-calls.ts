import { expect } from "vitest";
import type { ActionResult } from "@/lib/errors/action-result";

/*
 * Calling the REST route handlers as Next calls them, and judging refusals by what a person reads. Test
 * files mock the cookie session themselves (vi.mock must sit in the test file); everything else is real.
 */

export type RouteHandler = (request: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

export interface Answer {
  status: number;
  contentType: string;
  /** The body exactly as sent, for byte-for-byte comparisons. */
  text: string;
}

export interface Call {
  method?: string;
  /** Path and query, e.g. "/api/v1/exports?tenantId=…". */
  path: string;
  /** A value to send as JSON, or a string or bytes sent as they are (for bodies that are not JSON). */
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  id?: string;
}

export async function callRoute(handler: RouteHandler, call: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...(call.token ? { authorization: `Bearer ${call.token}` } : {}), ...call.headers };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === "string" ? call.body : call.body instanceof Uint8Array ? new Uint8Array(call.body) : JSON.stringify(call.body);
    headers["content-type"] ??= "application/json";
  }
  const request = new Request(`http://portal.test${call.path}`, { method: call.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await handler(request, { params: Promise.resolve({ id: call.id ?? "" }) });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** zod's and the engine's developer texts, internal paths and leaked values that must never reach people. */
const NOT_FOR_PEOPLE: RegExp[] = [
  /invalid input/i,
  /\bexpected\b/i,
  /\breceived\b/i,
  /\[\d+\]/,
  /\bundefined\b/,
  /\bNaN\b/,
  /zod/i,
  /dateFrom|dateTo/,
  /^[a-z][A-Za-z0-9_.]*:/, // a field path in front, such as "from:" or "filters.value:"
  /Internal error|Something went wrong/i,

  /[\u0000-\u0008\u000b-\u001f]/,
];

/** A refusal a person can act on: a sentence, starting with a capital, free of developer text. */
export function expectForPeople(message: unknown, context = ""): void {
  expect(typeof message, context).toBe("string");
  const text = String(message);
  expect(text.length, `${context}: ${text}`).toBeGreaterThan(8);
  expect(text.length, `${context}: ${text}`).toBeLessThan(400);
  expect(text, context).toMatch(/^[A-Z"]/);
  // A value of the caller's, echoed in quotes, may read like anything ("undefined", "[0]").
  const own = text.replace(/"[^"]*"/g, '"…"');
  for (const pattern of NOT_FOR_PEOPLE) expect(own, `${context}: ${text}`).not.toMatch(pattern);

  expect(text, context).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
}

export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Record<string, string>;
}

/** A 4xx problem document whose detail and field errors are all worded for people. */
export function expectProblemForPeople(answer: Answer, context = ""): Problem {
  expect(answer.status, `${context}: ${answer.text}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${context}: ${answer.text}`).toBeLessThan(500);
  expect(answer.contentType, context).toContain("application/problem+json");
  const problem = JSON.parse(answer.text) as Problem;
  expect(problem.status, context).toBe(answer.status);
  expectForPeople(problem.detail, context);
  for (const [key, message] of Object.entries(problem.errors ?? {})) {
    expect(key, context).toMatch(/^(request|[a-zA-Z]+(\.[a-zA-Z]+)*)$/);
    expectForPeople(message, `${context} errors.${key}`);
  }
  return problem;
}

/** A refused server action (or a domain call through toActionResult): not ok, not an internal error, and in words. */
export function expectActionRefusedForPeople(result: ActionResult<unknown>, context = ""): void {
  expect(result.ok, context).toBe(false);
  if (result.ok) return;
  expect(result.code, `${context}: ${result.message}`).not.toBe("internal");
  expectForPeople(result.message, context);
  for (const [key, message] of Object.entries(result.fieldErrors)) expectForPeople(message, `${context} fieldErrors.${key}`);
}

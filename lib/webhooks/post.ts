import http from "node:http";
import https from "node:https";
import type { WebhookAttempt } from "@/db/schema";
import { isAppError } from "../errors/app-error";
import { assertReachableUrl, guardedLookup, parseWebhookUrl } from "./address";

export interface WebhookPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

const USER_AGENT = "DataExportPortal-Webhooks/1";

/**
 * One POST of a webhook, never throwing: what happened, for the delivery log. Redirects are not followed
 * (a 3xx is a failed attempt), since a redirect could lead to an address the checks would refuse; the
 * connection's own address is checked again (guardedLookup), and the whole attempt is cut off at timeoutMs.
 */
export async function postWebhook(post: WebhookPost): Promise<WebhookAttempt> {
  const started = Date.now();
  const at = new Date(started).toISOString();
  const done = (status: number | null, error: string | null): WebhookAttempt => ({ at, status, durationMs: Date.now() - started, error });
  try {
    const url = parseWebhookUrl(post.url);
    await assertReachableUrl(url, post.allowPrivate);
    const status = await send(url, post);
    if (status >= 200 && status < 300) return done(status, null);
    if (status >= 300 && status < 400) return done(status, `The receiver answered ${status} (a redirect); redirects are not followed.`);
    return done(status, `The receiver answered ${status}.`);
  } catch (error) {
    return done(null, isAppError(error) ? error.message : error instanceof Error ? error.message : String(error));
  }
}

function send(url: URL, post: WebhookPost): Promise<number> {
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup(post.allowPrivate),
        signal: AbortSignal.timeout(post.timeoutMs),
        headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...post.headers },
      },
      (response) => {
        // The body is not needed; read and drop it so the socket is freed.
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", (error) => reject(error.name === "AbortError" ? new Error(`No answer within ${post.timeoutMs / 1000} s.`) : error));
    request.end(post.body);
  });
}

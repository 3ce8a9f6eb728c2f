import { NextResponse, type NextRequest } from "next/server";
import { env, publicUrls } from "@/lib/config/env";
import { BASE_SECURITY_HEADERS, NON_PAGE_POLICY, newNonce, pagePolicy } from "@/lib/http/security-headers";
import { serverActionRefusal } from "@/lib/http/server-action-guard";
import { PATH_HEADER, placeHeaderValue, splitPlacePath, WORKSPACE_HEADER } from "@/lib/workspaces/url";

/**
 * Proxy runs on Node.js in Next 16 (it cannot run on the edge), so it reads the same validated configuration.
 * In front of every page and API route: refuses server action calls Next would answer with 500, and sets
 * the Content Security Policy, pages with a nonce of their own (see lib/http/security-headers.ts).
 */
export async function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action")) {
    const refusal = await serverActionRefusal(request.clone(), publicUrls());
    if (refusal) {
      const res = new NextResponse(refusal.message, {
        status: refusal.status,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
      res.headers.set("Content-Security-Policy", NON_PAGE_POLICY);
      for (const { key, value } of BASE_SECURITY_HEADERS) res.headers.set(key, value);
      return res;
    }
  }
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const res = NextResponse.next();
    res.headers.set("Content-Security-Policy", NON_PAGE_POLICY);
    return res;
  }
  const nonce = newNonce();
  const policy = pagePolicy(nonce, env().NODE_ENV === "development");
  // Next takes the nonce for its own scripts from the request's policy.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  // The page asked for (sign-in comes back to it) and the workspace its URL names; only this proxy sets them.
  requestHeaders.delete(WORKSPACE_HEADER);
  requestHeaders.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const inWorkspace = splitPlacePath(request.nextUrl.pathname);
  let res: NextResponse;
  if (inWorkspace) {
    // /o/{org}/t/{tenant}/exports… shows the app's /exports… route with that workspace, /o/{org}/admin… the
    // app's /admin… with that organization (lib/workspaces/url.ts).
    requestHeaders.set(WORKSPACE_HEADER, placeHeaderValue(inWorkspace.place));
    const target = request.nextUrl.clone();
    target.pathname = inWorkspace.rest;
    res = NextResponse.rewrite(target, { request: { headers: requestHeaders } });
  } else {
    res = NextResponse.next({ request: { headers: requestHeaders } });
  }
  res.headers.set("Content-Security-Policy", policy);
  return res;
}

export const config = {
  matcher: [
    // Not Next's static files; the base headers reach those from next.config.ts.
    "/((?!_next/static|_next/image|favicon.ico).*)",
  ],
};

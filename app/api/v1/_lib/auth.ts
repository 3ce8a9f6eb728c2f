import "server-only";
import { getDb } from "@/db/client";
import { fromHeaders } from "@/app/_lib/request-context";
import { resolveBearerToken, tokenRestriction } from "@/lib/api-tokens/resolve";
import { currentUser } from "@/app/_lib/session";
import { publicUrls } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/permissions/actor";
import { cookieRequestRefusal } from "@/lib/http/same-origin";
import { assertTokenGuessingAllowed, recordFailedToken, takeTokenRequest } from "@/lib/rate-limit/limits";

/**
 * The caller of an API route: an API token (`Authorization: Bearer <token>`) or the session cookie.
 * A request that sends a token is judged by the token alone, even from a signed-in browser, so a script
 * never gets more than its token allows. The token's limits travel on the actor as `restrict`.
 * A cookie is sent by the browser whoever made the page, so a cookie request that changes something must
 * also come from the portal's own pages (lib/http/same-origin.ts); a token is never sent unasked.
 */
export async function requireApiActor(request: Request): Promise<Actor> {
  const context = fromHeaders(request.headers);
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    await assertTokenGuessingAllowed(context.ip);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!bearer) throw new AppError("unauthenticated", "Send the API token as Authorization: Bearer <token>.");
    const resolved = await resolveBearerToken(getDb(), bearer);
    if (!resolved) {
      await recordFailedToken(context.ip);
      throw new AppError(
        "unauthenticated",
        "This API token is not valid: it is unknown, was revoked, or its owner no longer has access. Create a new one in the Developer tab.",
      );
    }
    const restrict = tokenRestriction(resolved.token);
    await takeTokenRequest(restrict.tokenId);
    // The owner's access read for the token is this request's own: later checks at the same place reuse it.
    return { userId: resolved.user.id, context: { ...context, tokenId: restrict.tokenId }, restrict, ownerAccess: resolved.ownerAccess };
  }
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in, or send an API token as Authorization: Bearer <token>.");
  const refusal = cookieRequestRefusal(request, publicUrls());
  if (refusal) throw refusal;
  return { userId: user.id, context, restrict: null };
}

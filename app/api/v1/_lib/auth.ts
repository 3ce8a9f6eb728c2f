import "server-only";
import { fromHeaders } from "@/app/_lib/request-context";
import { currentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/export-requests/service";

/**
 * The caller of an API route, from the session cookie. API tokens (Authorization: Bearer) plug in here
 * once the Developer tab stores them; until then a bearer-only request is answered 401.
 */
export async function requireApiActor(request: Request): Promise<Actor & { email: string }> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in, or send an API token as Authorization: Bearer <token>.");
  return { userId: user.id, email: user.email, context: fromHeaders(request.headers) };
}

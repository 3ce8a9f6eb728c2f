import { isAppError } from "./app-error";
import { inputRefusal } from "../export-requests/refusals";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; fieldErrors: Record<string, string> };

/**
 * Runs a server action body and turns errors into a result the form can show. AppErrors carry a safe
 * message; anything else is logged here and reported without details.
 */
export async function toActionResult<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    const refusal = isAppError(error) ? error : inputRefusal(error);
    if (refusal) return { ok: false, code: refusal.code, message: refusal.message, fieldErrors: refusal.fieldErrors };
    // Next's redirect/notFound travel as errors and must propagate.
    if (error instanceof Error && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_")) throw error;
    console.error(error);
    return { ok: false, code: "internal", message: "Something went wrong on our side. Try again; if it keeps happening, contact support.", fieldErrors: {} };
  }
}

import "server-only";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { toActionResult, type ActionResult } from "@/lib/errors/action-result";
import type { AppError } from "@/lib/errors/app-error";
import { parseForPeople, type FieldWords } from "@/lib/errors/field-errors";
import type { Actor } from "@/lib/permissions/actor";
import { requestContext } from "./request-context";
import { requireUser, type SessionUser } from "./session";

/** Who calls a server action: the signed-in user, as the domain functions take them, and the database. */
export interface ActionContext {
  db: Db;
  user: SessionUser;
  actor: Actor;
}

interface ActionSpec<Args extends unknown[], S extends z.ZodType, G, R> {
  /** The page sign-in comes back to when the session is gone. */
  signIn: string;
  /** What the browser sent, gathered into the one value the schema parses (form fields, call arguments). */
  input: (...args: Args) => unknown;
  schema: S;
  /**
   * How input that does not parse is refused. By default with field errors in the project's words (`words`
   * labels the fields); ids that name nothing are instead refused with one error, usually "not found", so
   * a made-up id reads like someone else's.
   */
  words?: FieldWords;
  unreadable?: () => AppError;
  /**
   * The guard: may this user do this, with this input? Refuses with an AppError, or hands back what it
   * resolved (the access, the export) for `run`. Left out only where `run` calls a domain function that
   * parses and guards its own raw input (lib/admin, lib/api-tokens).
   */
  permission?: (ctx: ActionContext, input: z.infer<S>) => Promise<G>;
  run: (ctx: ActionContext & { input: z.infer<S>; allowed: G }) => Promise<R>;
  /** Runs after either outcome, refusal or not: e.g. refresh the page's data. */
  settled?: () => void;
}

/**
 * Every server action of the portal, in the manner of dub's authActionClient and saas-starter's
 * validatedActionWithUser: session → parse → permission → run → result. No session redirects to sign-in
 * (and comes back); every refusal, whichever step made it, is an ActionResult the form shows; anything
 * unexpected is logged and answered without details (lib/errors/action-result.ts).
 */
export function action<Args extends unknown[], S extends z.ZodType, G, R>(spec: ActionSpec<Args, S, G, R>): (...args: Args) => Promise<ActionResult<R>> {
  return async (...args) => {
    const user = await requireUser(spec.signIn);
    const ctx: ActionContext = { db: getDb(), user, actor: { userId: user.id, context: await requestContext(), restrict: null } };
    const result = await toActionResult(async () => {
      const input = parse(spec, spec.input(...args));
      const allowed = spec.permission ? await spec.permission(ctx, input) : (undefined as G);
      return spec.run({ ...ctx, input, allowed });
    });
    spec.settled?.();
    return result;
  };
}

function parse<S extends z.ZodType>(spec: { schema: S; words?: FieldWords; unreadable?: () => AppError }, raw: unknown): z.infer<S> {
  if (!spec.unreadable) return parseForPeople(spec.schema, raw, spec.words);
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) throw spec.unreadable();
  return parsed.data;
}

import { z } from "zod";
import { TOKEN_SCOPES } from "./scopes";

/** How long a new token lasts unless its creator chooses otherwise, and the longest dated choice. */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

/** A token to create, as the Developer tab sends it. `tenantId: null` asks for an organization-wide token. */
export const createTokenInput = z.object(
  {
    organizationId: z.uuid("Select an organization"),
    tenantId: z.uuid("Select a tenant").nullable(),
    name: z
      .string({ error: "Give the token a name, e.g. the script that uses it" })
      .trim()
      .min(1, "Give the token a name, e.g. the script that uses it")
      .max(100, "Keep the name under 100 characters"),
    scopes: z
      .array(z.enum(TOKEN_SCOPES, { error: "Choose scopes from the list" }), { error: "Choose at least one scope" })
      .min(1, "Choose at least one scope")
      .max(TOKEN_SCOPES.length, "Choose each scope once")
      .transform((scopes) => [...new Set(scopes)]),
    /** Days until the token stops working; null for a token that never expires. */
    expiresInDays: z
      .number({ error: "Choose when the token expires" })
      .int("Choose when the token expires")
      .min(1, "A token lasts at least a day")
      .max(MAX_TOKEN_DAYS, `A token lasts at most ${MAX_TOKEN_DAYS} days; choose "Never" for one that does not expire`)
      .nullable()
      .default(DEFAULT_TOKEN_DAYS),
  },
  { error: "The form could not be read. Reload the page and try again." },
);
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const tokenRef = z.object({ organizationId: z.uuid("Token not found"), id: z.uuid("Token not found") }, { error: "Token not found" });
export type TokenRef = z.infer<typeof tokenRef>;

export { parseInput } from "../errors/parse-input";

import type { TokenView } from "@/lib/api-tokens/service";

export type { TokenView };

/** What the create action hands back: the whole token, shown once. */
export interface CreatedToken {
  token: string;
  name: string;
  prefix: string;
}

export interface ScopeOption {
  id: string;
  description: string;
}

export interface TokenWorkspace {
  organizationId: string;
  tenantId: string;
  organizationName: string;
  tenantName: string;
}

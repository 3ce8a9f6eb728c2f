import type { Db } from "../db/client";
import { addMember, createOrg, createUser, type TestOrg } from "./factories";

/*
 * The cast of the API token tests: an organization with an admin, a tenant admin and an analyst of its
 * first tenant and an organization-wide viewer, and a second organization to reach into.
 */
export interface TokenPeople {
  org: TestOrg;
  foreign: TestOrg;
  admin: { id: string };
  tenantAdmin: { id: string };
  analyst: { id: string };
  viewer: { id: string };
}

export async function createTokenPeople(db: Db): Promise<TokenPeople> {
  const org = await createOrg(db, "Tokens");
  const foreign = await createOrg(db, "Other");
  const admin = await createUser(db, "admin");
  const tenantAdmin = await createUser(db, "tenant-admin");
  const analyst = await createUser(db, "analyst");
  const viewer = await createUser(db, "viewer");
  await addMember(db, org, admin.id, "admin");
  await addMember(db, org, tenantAdmin.id, "tenant-admin", org.tenantIds[0]);
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  await addMember(db, org, viewer.id, "viewer");
  return { org, foreign, admin, tenantAdmin, analyst, viewer };
}

/** Who acts, as the token service takes it, with a fixed address and user agent for the audit trail. */
export const tokenActor = (userId: string) => ({ userId, context: { ip: "198.51.100.4", userAgent: "vitest" } });

/** A token request for one tenant of the organization (its first by default), or organization-wide with null. */
export const tokenRequest = (org: TestOrg, scopes: string[], tenantId: string | null = org.tenantIds[0]) => ({
  organizationId: org.organizationId,
  tenantId,
  name: "CI export job",
  scopes,
});

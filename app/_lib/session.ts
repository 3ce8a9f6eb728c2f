import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { listUserTenants, type TenantChoice } from "@/db/queries/tenants";
import { getPreference } from "@/db/queries/user-preferences";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

/** The signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export interface Workspace {
  choices: TenantChoice[];
  /** The remembered organization and tenant, when the user may still use them. */
  selected: TenantChoice | null;
}

export async function currentWorkspace(userId: string): Promise<Workspace> {
  const db = getDb();
  const [choices, pref] = await Promise.all([listUserTenants(db, userId), getPreference(db, userId)]);
  const selected = choices.find((c) => c.organizationId === pref?.organizationId && c.tenantId === pref?.tenantId) ?? null;
  return { choices, selected };
}

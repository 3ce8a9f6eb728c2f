import { redirect } from "next/navigation";
import { urlWorkspace } from "@/app/_lib/session";
import { tokensHref } from "@/lib/workspaces/url";

/** Settings has one page today, Developer (API tokens): /settings, in a workspace or not, goes there. */
export default async function SettingsPage() {
  const ws = await urlWorkspace();
  redirect(ws ? tokensHref(ws) : "/settings/tokens");
}

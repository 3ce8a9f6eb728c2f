import { handlers } from "@/auth";

export const { GET } = handlers;

/**
 * Sign-in links are asked for only through the sign-in page's form, which limits how often and answers
 * alike for every address (app/(auth)/sign-in/actions.ts); Auth.js's own endpoint for it would bypass that.
 */
export async function POST(request: Parameters<typeof handlers.POST>[0]) {
  if (new URL(request.url).pathname.endsWith("/signin/email")) {
    return Response.json({ detail: "Ask for a sign-in link on the sign-in page." }, { status: 404 });
  }
  return handlers.POST(request);
}

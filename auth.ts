import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Resend from "next-auth/providers/resend";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { env, oidcProvider } from "@/lib/config/env";
import { MAGIC_LINK_MINUTES, mayReceiveSignInLink, selfSignupAllowed } from "@/lib/auth/sign-in-policy";
import { renderEmail } from "@/lib/email/render";
import { SignInEmail } from "@/lib/email/templates/sign-in";
import { sendMail } from "@/lib/email/transport";

function providers(): Provider[] {
  const list: Provider[] = [
    // The email provider: magic links, single-use (Auth.js deletes the token on use) and short-lived.
    Resend({
      id: "email",
      name: "Email",
      apiKey: "unused: delivery goes through lib/email",
      from: env().EMAIL_FROM,
      maxAge: MAGIC_LINK_MINUTES * 60,
      async sendVerificationRequest({ identifier, url }) {
        // Unknown addresses get the same answer in the browser but no email, so accounts cannot be enumerated.
        if (!(await mayReceiveSignInLink(getDb(), identifier, selfSignupAllowed()))) return;
        const { host } = new URL(url);
        const body = await renderEmail(SignInEmail({ url, host, expiresInMinutes: MAGIC_LINK_MINUTES }));
        await sendMail({ to: identifier, subject: `Sign in to the Data Export Portal`, ...body });
      },
    }),
  ];
  const oidc = oidcProvider();
  if (oidc) {
    list.push({
      id: "oidc",
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      allowDangerousEmailAccountLinking: true,
    });
  }
  return list;
}

const config = (): NextAuthConfig => ({
  adapter: DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: providers(),
  session: { strategy: "database" },
  trustHost: true,
  pages: { signIn: "/sign-in", verifyRequest: "/check-email", error: "/sign-in" },
  callbacks: {
    async signIn({ user, email }) {
      const allowed = Boolean(user.email) && (await mayReceiveSignInLink(getDb(), user.email ?? "", selfSignupAllowed()));
      // An address that may not sign in gets the page every address gets, and no token is stored for it
      // (Auth.js stores none when this callback answers with a page instead of true).
      if (email?.verificationRequest) return allowed ? true : "/check-email";
      return allowed;
    },
    session({ session, user }) {
      session.user.id = user.id;
      return session;
    },
  },
});

export const { handlers, auth, signIn, signOut } = NextAuth(config);

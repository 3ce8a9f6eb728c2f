import "server-only";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
// A Yoga plugin factory, not a React hook; renamed so the hooks rule does not mistake it for one.
import { usePersistedOperations as persistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import { createSchema, createYoga } from "graphql-yoga";
import type { Actor } from "@/lib/permissions/actor";
import { requireApiActor } from "../../v1/_lib/auth";
import { resolvers, toGraphqlError, type GraphqlContext } from "./resolvers";
import { PERSISTED_OPERATIONS, TYPE_DEFS } from "./schema";

/**
 * The limits every document meets before it runs, whoever sends it (GraphQL Armor): the seed's own
 * documents reach depth 4 with a cost far below these, so they leave room for real clients while a
 * document built to cost the server (deep nesting, a thousand aliases, huge documents, deep introspection)
 * is refused at validation, before any resolver or database call.
 */
export const GRAPHQL_LIMITS = { maxDepth: 8, maxAliases: 10, maxCost: 5000, maxTokens: 1000, maxDirectives: 10, maxBodyBytes: 64 * 1024 } as const;

function memo(fn: () => Promise<Actor>): () => Promise<Actor> {
  let once: Promise<Actor> | undefined;
  return () => (once ??= fn());
}

const yoga = createYoga<{ request: Request }, GraphqlContext>({
  graphqlEndpoint: "/api/graphql",
  schema: createSchema({ typeDefs: TYPE_DEFS, resolvers }),
  fetchAPI: { Response },
  graphiql: false,
  landingPage: false,
  logging: "warn",
  // The caller is resolved on first use, as every /api/v1 route resolves it (a token, or the session with
  // the same-origin check for anything sent by POST); a document refused by the limits never gets that far.
  context: ({ request }) => ({ actor: memo(() => requireApiActor(request)) }),
  plugins: [
    EnvelopArmorPlugin({
      maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: false, flattenFragments: true },
      maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
      costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: false },
      maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
      maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
      blockFieldSuggestion: { enabled: true },
    }),
    // Persisted documents by key (the seed's documents with variables), and any other document within the
    // limits above: the seed's clients send their documents in full, with the ids written in.
    persistedOperations({
      getPersistedOperation: (key) => PERSISTED_OPERATIONS[key] ?? null,
      allowArbitraryOperations: true,
      customErrors: {
        notFound: {
          message: "No persisted document has this key. Send the document itself, or a key of /api/graphql/schema.graphql's documents.",
          extensions: { code: "PERSISTED_QUERY_NOT_FOUND" },
        },
      },
    }),
  ],
});

function refusal(message: string, code: string, status: number): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status, headers: { "Cache-Control": "no-store" } });
}

type Answer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/**
 * Every error carries a code: the resolvers set theirs; a document refused before it ran (syntax, schema,
 * limits) has none from Yoga or Armor and is GRAPHQL_VALIDATION_FAILED.
 */
async function withErrorCodes(response: Response): Promise<Response> {
  if (!(response.headers.get("content-type") ?? "").includes("json")) return response;
  const answer = (await response.json()) as Answer;
  for (const error of answer.errors ?? []) {
    if (!error.extensions?.code) error.extensions = { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" };
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(answer), { status: response.status, headers });
}

/** Answers one GraphQL request; a body larger than a document needs is refused before it is parsed. */
export async function answerGraphql(request: Request): Promise<Response> {
  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > GRAPHQL_LIMITS.maxBodyBytes) return refusal("The request is larger than 64 KiB; send a shorter document.", "REQUEST_TOO_LARGE", 413);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    if (body && body.byteLength > GRAPHQL_LIMITS.maxBodyBytes)
      return refusal("The request is larger than 64 KiB; send a shorter document.", "REQUEST_TOO_LARGE", 413);
    return withErrorCodes(await yoga.fetch(new Request(request.url, { method: request.method, headers: request.headers, body }), {}));
  } catch (error) {
    const e = toGraphqlError(error);
    const code = typeof e.extensions.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR";
    return refusal(e.message, code, code === "INTERNAL_SERVER_ERROR" ? 500 : 400);
  }
}

import { answerGraphql } from "./_lib/yoga";

export const dynamic = "force-dynamic";

/** GET /api/graphql?query=… (queries only) and POST /api/graphql — the Obelisk-style catalog API (README, "GraphQL API"). */
export async function GET(request: Request) {
  return answerGraphql(request);
}

export async function POST(request: Request) {
  return answerGraphql(request);
}

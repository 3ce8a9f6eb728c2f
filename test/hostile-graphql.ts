import { BAD_STRINGS, pick } from "./hostile-inputs";

/*
 * Hostile GraphQL documents for the catalog endpoint: deep nesting, alias floods, fragment cycles, huge
 * strings, introspection abuse, wrong variables and bad mutation inputs. None may be answered 5xx or
 * write anything; each is a request body as a client would POST it.
 */
export type HostileBody = { label: string; body: unknown };

const nest = (depth: number, field: string, leaf: string) => `${`${field} { `.repeat(depth)}${leaf}${" }".repeat(depth)}`;
const json = (s: string) => JSON.stringify(s);

export function hostileGraphqlBodies(random: () => number, tenantId: string): HostileBody[] {
  const out: HostileBody[] = [];
  const doc = (label: string, query: string, variables?: unknown) => out.push({ label, body: { query, ...(variables === undefined ? {} : { variables }) } });

  // Deep nesting: of fields that do not exist, of fields that do (status inside status), and of lists.
  for (const depth of [9, 12, 15, 20, 30, 50, 100, 300, 500, 1000, 2000, 3000]) {
    doc(`nest a ${depth}`, `{ ${nest(depth, "a", "b")} }`);
    doc(`nest me ${depth}`, `{ ${nest(depth, "me", "__typename")} }`);
    doc(`nest status ${depth}`, `{ me { export(id: "x") { ${nest(depth, "status", "status")} } } }`);
    doc(`nest braces ${depth}`, "{".repeat(depth) + "}".repeat(depth));
    doc(
      `nest list ${depth}`,
      `mutation { createStream(input: {name: "x", dataRange: {datasets: ${"[".repeat(depth)}"events"${"]".repeat(depth)}}}) { responseCode } }`,
    );
  }
  // Aliases by the hundred and thousand, on the costliest fields.
  for (const n of [11, 50, 200, 1000, 3000]) {
    const many = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(" ");
    doc(`aliases me ${n}`, `{ ${many((i) => `a${i}: me { usageLimits { retentionDays } }`)} }`);
    doc(`aliases exports ${n}`, `{ me { ${many((i) => `e${i}: exports(first: 100) { id }`)} } }`);
    doc(`aliases typename ${n}`, `{ ${many((i) => `t${i}: __typename`)} }`);
    doc(`aliases mutation ${n}`, `mutation { ${many((i) => `c${i}: createStream(input: {name: "x", dataRange: {datasets: "events"}}) { responseCode }`)} }`);
  }
  // Fragments in cycles, spread from themselves or through others, and fragments that multiply.
  doc("fragment self", `fragment A on Me { ...A } { me { ...A } }`);
  doc("fragment pair", `fragment A on Me { ...B } fragment B on Me { ...A } { me { ...A } }`);
  doc("fragment triangle", `fragment A on Me { ...B } fragment B on Me { ...C } fragment C on Me { ...A } { me { ...A } }`);
  doc("fragment inline cycle", `fragment A on Me { ... on Me { ...A } } { me { ...A } }`);
  doc("fragment cycle in export", `fragment S on ExportStatus { ...T } fragment T on ExportStatus { ...S } { me { export(id: "x") { status { ...S } } } }`);
  for (const n of [5, 10, 20]) {
    // Each fragment spreads the next one twice: 2^n fields once flattened.
    const frags = Array.from(
      { length: n },
      (_, i) => `fragment F${i} on Me { ${i + 1 < n ? `...F${i + 1} ...F${i + 1}` : "usageLimits { retentionDays }"} }`,
    ).join(" ");
    doc(`fragment doubling ${n}`, `${frags} { me { ...F0 } }`);
  }
  doc("fragment unknown type", `fragment A on Nope { x } { me { ...A } }`);
  doc("fragment unused", `fragment A on Me { usageLimits { retentionDays } } { me { __typename } }`);
  // Huge strings in every place a string goes.
  for (const size of [1_000, 10_000, 60_000, 70_000, 500_000]) {
    const big = "x".repeat(size);
    doc(`huge name ${size}`, `mutation { createStream(input: {name: ${json(big)}, dataRange: {datasets: "events"}}) { responseCode message } }`);
    doc(`huge id ${size}`, `{ me { export(id: ${json(big)}) { requestedOn } } }`);
    doc(`huge dataset ${size}`, `mutation { createExport(input: {name: "x", dataRange: {datasets: ${json(big)}}}) { responseCode message } }`);
    doc(`huge variable ${size}`, `query q($id: ID!) { me { export(id: $id) { requestedOn } } }`, { id: big });
    doc(`huge comment ${size}`, `# ${big}\n{ me { __typename } }`);
    doc(`huge field name ${size}`, `{ ${"f".repeat(size)} }`);
  }
  // Introspection: the full query, deep type chains, aliased and repeated, fields that do not exist.
  const ofType = (depth: number) => nest(depth, "ofType", "name");
  for (const depth of [3, 6, 10, 20, 60]) doc(`introspection ofType ${depth}`, `{ __schema { types { fields { type { ${ofType(depth)} } } } } }`);
  doc(
    "introspection full",
    `query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { ...FullType } directives { name args { ...InputValue } } } }
     fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name } possibleTypes { ...TypeRef } }
     fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
     fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
  );
  for (const n of [20, 200, 2000])
    doc(`introspection aliased ${n}`, `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { name } }`).join(" ")} }`);
  doc("introspection __type", `{ __type(name: "Export") { fields { name type { name } } } }`);
  doc("introspection __type huge name", `{ __type(name: ${json("T".repeat(50_000))}) { name } }`);
  doc("introspection suggestion probe", `{ me { exprt(id: "x") { id } } }`);
  doc("introspection on mutation", `mutation { __schema { types { name } } }`);
  doc("introspection deprecated args", `{ __schema { types { fields(includeDeprecated: "yes") { name } } } }`);
  // Directives by the dozen, and ones that do not exist.
  doc("directives many", `{ me @skip(if: false) ${"@include(if: true) ".repeat(50)} { __typename } }`);
  doc("directive unknown", `{ me @nope { __typename } }`);
  // Variables of the wrong kind, missing, extra, or shaped to confuse.
  const q = `query q($id: ID!) { me { export(id: $id) { requestedOn } } }`;
  for (const v of [null, "x", 1, [], [1, 2], { id: null }, { id: {} }, { id: [] }, { id: true }, { id: 1.5 }, { nope: "x" }, { id: { $gt: "" } }])
    doc(`variables ${JSON.stringify(v)}`, q, v);
  doc("variable undeclared", `{ me { export(id: $id) { requestedOn } } }`, { id: "x" });
  doc("variable input wrong", `mutation m($i: CreateExportInput!) { createStream(input: $i) { responseCode } }`, { i: { name: 1, dataRange: "events" } });
  doc("variable input extra", `mutation m($i: CreateExportInput!) { createStream(input: $i) { responseCode } }`, {
    i: { name: "x", dataRange: { datasets: ["events"] }, realm: "jobs" },
  });
  // Mutation inputs that parse but must be refused by the service.
  const create = (input: string) => doc(`create ${input.slice(0, 60)}`, `mutation { createStream(input: {${input}}) { responseCode message item { id } } }`);
  create(`name: "x", dataRange: {datasets: []}`);
  create(`name: "", dataRange: {datasets: "events"}`);
  create(`name: "x", dataRange: {datasets: "payroll"}`);
  create(`name: "x", dataRange: {datasets: ["events", "jobs"], metrics: ["not_a_field"]}`);
  create(`name: "x", dataRange: {datasets: "events", metrics: ["nope"]}`);
  create(`name: "x", dataRange: {datasets: "events", metrics: [${Array.from({ length: 500 }, (_, i) => json(`f${i}`)).join(",")}]}`);
  create(`name: "x", dataRange: {datasets: "events"}, from: "2024-13-45"`);
  create(`name: "x", dataRange: {datasets: "events"}, from: "2024-03-31", to: "2024-03-01"`);
  create(`name: "x", dataRange: {datasets: "events"}, tenantId: "not-a-uuid"`);
  create(`name: "x", dataRange: {datasets: "events"}, tenantId: "00000000-0000-0000-0000-000000000000"`);
  create(`name: "x", dataRange: {datasets: "events"}, filter: [{field: "nope", op: eq, value: "1"}]`);
  create(`name: "x", dataRange: {datasets: "events"}, filter: [{field: "event_type", op: eq}]`);
  create(`name: "x", dataRange: {datasets: "events"}, filter: [{field: "event_type", op: nope, value: "x"}]`);
  create(`name: "x", dataRange: {datasets: "events"}, format: ZIP`);
  create(`name: "x", dataRange: {datasets: "events"}, tenantId: ${json(tenantId)}, from: "2999-01-01"`);
  create(`name: null, dataRange: {datasets: "events"}`);
  create(`dataRange: {datasets: "events"}`);
  // Not a document at all, or not what the endpoint takes.
  for (const s of pick(random, BAD_STRINGS, 25)) doc(`garbage ${JSON.stringify(s).slice(0, 20)}`, s);
  out.push({ label: "no query", body: {} });
  out.push({ label: "query not a string", body: { query: 42 } });
  out.push({ label: "query a list", body: { query: ["{ me { __typename } }"] } });
  out.push({ label: "batch", body: [{ query: "{ me { __typename } }" }, { query: "{ me { __typename } }" }] });
  out.push({ label: "operation unknown", body: { query: "query a { me { __typename } } query b { me { __typename } }", operationName: "c" } });
  out.push({ label: "operation missing", body: { query: "query a { me { __typename } } query b { me { __typename } }" } });
  out.push({ label: "persisted unknown", body: { extensions: { persistedQuery: { version: 1, sha256Hash: "nope" } } } });
  out.push({ label: "persisted not a string", body: { extensions: { persistedQuery: { version: 1, sha256Hash: { $gt: "" } } } } });
  out.push({ label: "subscription", body: { query: "subscription { me { __typename } }" } });
  out.push({ label: "raw not json", body: "{ me { __typename } }" });
  out.push({ label: "raw truncated", body: '{"query": "{ me {' });
  out.push({ label: "raw nul", body: "\u0000" });
  return out;
}

/*
 * The Obelisk-style catalog API (seed 001) as a GraphQL schema over the portal's export requests. Published
 * as is at /api/graphql/schema.graphql. Timestamps are ISO-8601 strings in UTC.
 */
export const TYPE_DEFS = /* GraphQL */ `
  """
  The caller: an API token (Authorization: Bearer <token>) or the signed-in session.
  """
  type Query {
    me: Me!
  }

  type Mutation {
    "Requests an export; refusals are answered in responseCode and message, with item null."
    createStream(input: CreateExportInput!): CreateExportResponse!
    "The same as createStream."
    createExport(input: CreateExportInput!): CreateExportResponse!
  }

  type Me {
    "One export; an id of another organization or tenant is NOT_FOUND, exactly like a made-up one."
    export(id: ID!): Export
    "The tenant's exports, newest first (at most 100). tenantId defaults to the token's tenant."
    exports(tenantId: ID, first: Int = 25): [Export!]!
    "The organization's usage limits. tenantId defaults to the token's tenant."
    usageLimits(tenantId: ID): UsageLimits!
  }

  input CreateExportInput {
    "The export's name, as the portal shows it (1 to 120 characters)."
    name: String!
    dataRange: DataRangeInput!
    "Rows to keep: every filter must hold."
    filter: [FilterInput!]
    "First day included, YYYY-MM-DD (UTC). Omitted: from the first record."
    from: String
    "Last day included, YYYY-MM-DD (UTC). Omitted: every record up to the request time."
    to: String
    "CSV unless given."
    format: ExportFormat
    "The tenant to export from; defaults to the token's tenant."
    tenantId: ID
  }

  input DataRangeInput {
    "Dataset ids: the realm ids of GET /api/v1/realms (e.g. events). One dataset per export."
    datasets: [String!]!
    "Metric ids: field names of the realm. Omitted or empty: every field."
    metrics: [String!]
  }

  enum FilterOperator {
    eq
    in
    range
  }

  input FilterInput {
    field: String!
    op: FilterOperator!
    value: String
    values: [String!]
    min: String
    max: String
  }

  enum ExportFormat {
    CSV
    JSON
    NDJSON
    PARQUET
    XLSX
  }

  enum ResponseCode {
    SUCCESS
    BAD_REQUEST
    NOT_AUTHORIZED
    NOT_FOUND
    CONFLICT
    LIMIT_EXCEEDED
    SERVER_ERROR
  }

  type CreateExportResponse {
    responseCode: ResponseCode!
    message: String!
    item: Export
  }

  type Export {
    id: ID!
    "The dataset (realm id) exported."
    dataset: String!
    "The metrics (fields) exported."
    metrics: [String!]!
    requestedOn: String!
    status: ExportStatus!
    "Null until the status is COMPLETED."
    result: ExportResult
  }

  enum ExportStatusCode {
    QUEUING
    GENERATING
    CANCELLED
    COMPLETED
    FAILED
  }

  type ExportStatus {
    status: ExportStatusCode!
    recordsEstimate: Float
    recordsProcessed: Float!
    "Why a FAILED or CANCELLED export ended, when known."
    message: String
  }

  type ExportResult {
    completedOn: String!
    compressedSizeInBytes: Float!
    "When the archive stops being served; an expired export stays COMPLETED and its download answers 410."
    expiresOn: String
    "GET it with the same authentication: /api/v3/data/exports/{exportId}."
    downloadUrl: String!
  }

  type UsageLimits {
    "The most records one export may hold."
    maxRecordsPerExport: Float!
    "How many of your exports may be queued or running at once."
    maxExportsAtOnce: Int!
    "How many of your exports are queued or running now."
    exportsInProgress: Int!
    "How many exports of the organization run at the same time; more wait in the queue."
    maxConcurrentExports: Int!
    "Days an export's archive is kept."
    retentionDays: Int!
    "The longest date range of one export in days; null for no limit."
    maxRangeDays: Int
  }
`;

/**
 * Persisted operations: the seed's documents with variables, sent as
 * {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<key>"}}, "variables": {…}}.
 */
export const PERSISTED_OPERATIONS: Record<string, string> = {
  createStream: `mutation createStream($name: String!, $datasets: [String!]!, $metrics: [String!]) {
    createStream(input: { name: $name, dataRange: { datasets: $datasets, metrics: $metrics } }) { responseCode message item { id } }
  }`,
  exportStatus: `query exportStatus($id: ID!) {
    me { export(id: $id) { requestedOn status { recordsEstimate recordsProcessed status } result { completedOn compressedSizeInBytes } } }
  }`,
  exports: `query exports($tenantId: ID, $first: Int) {
    me { exports(tenantId: $tenantId, first: $first) { id dataset requestedOn status { status recordsProcessed } result { completedOn compressedSizeInBytes downloadUrl } } }
  }`,
  usageLimits: `query usageLimits($tenantId: ID) {
    me { usageLimits(tenantId: $tenantId) { maxRecordsPerExport maxExportsAtOnce exportsInProgress maxConcurrentExports retentionDays maxRangeDays } }
  }`,
};

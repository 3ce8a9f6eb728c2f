/**
 * The export engine: query compiler, row estimate and preview, archive production, storage adapters.
 * query/ validates a request and turns it into SQL on a warehouse session; formats/ writes each format's
 * data files from it; archive/ runs an export into a .zip with README.txt and manifest.json; storage/ keeps
 * finished archives. types.ts, errors.ts and streams.ts are shared by all of them.
 */
export { produceArchive } from "./archive/produce";
export { compileQuery } from "./query/compile";
export { ExportRequestError, isAbortError } from "./errors";
export { estimateRows } from "./query/estimate";
export { previewRows } from "./query/preview";
export { createStorageFromEnv, exportStorage } from "./storage/env";
export { createLocalStorage } from "./storage/local";
export { contentDisposition, createS3Storage, type S3StorageOptions } from "./storage/s3";
export type { ExportStorage } from "./storage/types";
export type {
  ArchiveFile,
  ArchiveResult,
  ExportFilter,
  ExportFormat,
  ExportOptions,
  ExportProgress,
  ExportRequest,
  ExportScope,
  ProduceOptions,
} from "./types";
export { validateRequest } from "./query/validate";
export { DEFLATE_LEVEL } from "./archive/zip";

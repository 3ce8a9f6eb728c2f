/** The export engine: query compiler, row estimate and preview, archive production, storage adapters. */
export { produceArchive } from "./archive";
export { compileQuery } from "./compile";
export { ExportRequestError, isAbortError } from "./errors";
export { estimateRows } from "./estimate";
export { previewRows } from "./preview";
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
export { validateRequest } from "./validate";
export { DEFLATE_LEVEL } from "./zip";

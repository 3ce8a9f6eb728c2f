/** Retries of each export function (run, partition, assembly): a step gets this many more attempts after its first. */
export const RUN_EXPORT_RETRIES = 3;

import { SCRATCH_DISK_FULL_MESSAGE } from "./disk-full";

/**
 * Turns what went wrong inside a run into a sentence the requester can act on. Internal details
 * (stack traces, SQL) stay in the server log.
 */
export function userFacingFailure(error: { name?: string; message?: string } | undefined, attempts: number): string {
  const message = (error?.message ?? "").split("\n")[0]?.trim() ?? "";
  // Checked first: a full scratch disk fails the run at once (NonRetriableError) with its own sentence.
  if (message === SCRATCH_DISK_FULL_MESSAGE) return message;
  if (error?.name === "ExportRequestError" || error?.name === "NonRetriableError") {
    return `The request cannot be exported as it stands: ${message.replace(/\.$/, "") || "it is no longer valid"}. Change it and resubmit.`;
  }
  if (/statement timeout|canceling statement/i.test(message)) {
    return "The warehouse took too long to answer. Narrow the date range or scope, or resubmit later when it is less busy.";
  }
  if (/ENOSPC|no space left/i.test(message)) {
    return "The export server ran out of disk space while writing the archive. Resubmit later; if it happens again, tell your administrator.";
  }
  if (/connect|ECONNREFUSED|terminating connection|Connection terminated/i.test(message)) {
    return `The warehouse could not be reached after ${attempts} attempts. Resubmit later; if it keeps failing, tell your administrator.`;
  }
  return `The export failed after ${attempts} attempt${attempts === 1 ? "" : "s"}. Resubmit it; if it fails again, tell your administrator (reason: ${message.slice(0, 300) || "unknown"}).`;
}

/**
 * Why an attempt failed, in words, while the run tries again: the export's page shows it beside "retrying".
 * Only the known causes are named; anything else stays in the server log, as raw errors may hold SQL,
 * addresses or paths.
 */
export function retryReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === SCRATCH_DISK_FULL_MESSAGE || /ENOSPC|no space left/i.test(message)) return "the export server ran out of disk space";
  if (/statement timeout|canceling statement/i.test(message)) return "the warehouse took too long to answer";
  if (/connect|ECONNREFUSED|ETIMEDOUT|terminating connection|Connection terminated|socket hang up/i.test(message)) {
    return "the warehouse or the file storage could not be reached";
  }
  return "an unexpected error (the server log has the details)";
}

import { expireExportsFn } from "./expire-exports";
import { runExport } from "./run-export";
import { sendExportEmailFn } from "./send-export-email";

export const functions = [runExport, sendExportEmailFn, expireExportsFn];

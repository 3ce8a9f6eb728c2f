import type { InngestFunction } from "inngest";

export const functions: InngestFunction.Any[] = [];

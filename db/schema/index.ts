export * from "./auth";
export * from "./tenancy";
export * from "./exports";
export * from "./audit";
export * from "./email";
export * from "./warehouse";
export * from "./partitions";
export * from "./studies";

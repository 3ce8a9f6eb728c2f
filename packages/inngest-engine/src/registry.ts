import type { FunctionConfig } from "./config";
import type { Sql } from "./types";

/**
 * The synced functions, cached in memory because every event is matched against them. Only this engine
 * process writes them (one engine per schema), so reloading after each sync keeps the cache exact.
 */
export class FunctionRegistry {
  private functions = new Map<string, FunctionConfig>();

  async reload(sql: Sql): Promise<void> {
    const rows = await sql<{ config: FunctionConfig }[]>`select config from functions`;
    this.functions = new Map(rows.map((row) => [row.config.id, row.config]));
  }

  get(id: string): FunctionConfig | undefined {
    return this.functions.get(id);
  }

  all(): FunctionConfig[] {
    return [...this.functions.values()];
  }
}

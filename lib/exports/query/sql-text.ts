/** Casts the export engine uses for values; every value reaches SQL as a parameter or a typed literal. */
export type PgCast = "uuid" | "text" | "bigint" | "integer" | "double precision" | "date" | "timestamp" | "timestamptz" | "pg_snapshot";

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Escaped string constant. E'' syntax reads backslashes the same way whatever standard_conforming_strings
 * says, so doubling quotes and backslashes is enough; NUL cannot occur in Postgres text and is refused.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("NUL bytes cannot be sent to Postgres");
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

interface Param {
  value: string | number;
  cast: PgCast;
}

/**
 * SQL assembled from trusted text and values. It renders two ways: with $n placeholders for ordinary
 * queries, and with typed literals for COPY, which takes no bind parameters.
 */
export class SqlText {
  private readonly parts: (string | Param)[] = [];

  add(text: string): this {
    this.parts.push(text);
    return this;
  }

  param(value: string | number, cast: PgCast): this {
    this.parts.push({ value, cast });
    return this;
  }

  append(other: SqlText): this {
    this.parts.push(...other.parts);
    return this;
  }

  toParameterized(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.parts
      .map((p) => {
        if (typeof p === "string") return p;
        values.push(String(p.value));
        return `$${values.length}::${p.cast}`;
      })
      .join("");
    return { text, values };
  }

  toInline(): string {
    return this.parts.map((p) => (typeof p === "string" ? p : `${quoteLiteral(String(p.value))}::${p.cast}`)).join("");
  }
}

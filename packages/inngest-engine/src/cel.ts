import { parse, type ParseResult } from "@marcbachmann/cel-js";

const compiled = new Map<string, ParseResult>();

/** Parses a CEL expression once; throws the parser's error (with position) when it is invalid. */
export function compileExpression(expression: string): ParseResult {
  let program = compiled.get(expression);
  if (!program) {
    program = parse(expression);
    compiled.set(expression, program);
  }
  return program;
}

/**
 * Evaluates a boolean expression. Like Inngest, an evaluation error (e.g. a missing field) means "no match"
 * rather than failing the event.
 */
export function expressionMatches(expression: string, variables: Record<string, unknown>): boolean {
  try {
    return compileExpression(expression)(variables) === true;
  } catch {
    return false;
  }
}

/** Evaluates a concurrency key to the string that names its group; an unevaluable key groups under "". */
export function evaluateKey(expression: string, variables: Record<string, unknown>): string {
  try {
    const value: unknown = compileExpression(expression)(variables);
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

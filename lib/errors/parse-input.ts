import type { z } from "zod";
import { parseForPeople } from "./field-errors";

/** Parses input with a zod schema; a refusal is an AppError whose field errors name the fields in words. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  return parseForPeople(schema, raw);
}

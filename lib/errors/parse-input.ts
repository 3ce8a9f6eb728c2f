import type { z } from "zod";
import { zodFieldErrors } from "../export-requests/input";
import { AppError } from "./app-error";

/** Parses input with a zod schema; a refusal is an AppError whose field errors name the fields. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error);
    throw new AppError("invalid", Object.values(fieldErrors)[0] ?? "The request is not valid", fieldErrors);
  }
  return parsed.data;
}

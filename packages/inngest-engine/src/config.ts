import { z } from "zod";
import { compileExpression } from "./cel";
import { parseCron } from "./cron";
import { resolveTime } from "./duration";

export type Trigger = { event: string; expression?: string } | { cron: string };

/** A function as the engine runs it, normalised from what the SDK syncs. */
export interface FunctionConfig {
  id: string;
  name: string;
  appId: string;
  /** The step URL (`…?fnId=<id>&stepId=step`); calls replace stepId with the step to run. */
  url: string;
  triggers: Trigger[];
  /** First attempt plus retries. */
  maxAttempts: number;
  concurrency: Array<{ key?: string; limit: number }>;
  cancel: Array<{ event: string; if?: string; timeout?: string }>;
}

export interface AppRegistration {
  appId: string;
  url: string;
  sdk?: string;
  framework?: string;
  functions: FunctionConfig[];
}

/** The SDK documents 3 retries (4 attempts) when a function does not set `retries`. */
const DEFAULT_RETRIES = 3;
const SUPPORTED_OPTIONS = new Set(["id", "name", "triggers", "steps", "cancel", "concurrency"]);

const registerBodySchema = z.looseObject({
  url: z.string().url(),
  appName: z.string().min(1),
  sdk: z.string().optional(),
  framework: z.string().optional(),
  functions: z.array(z.record(z.string(), z.unknown())),
});

const triggerSchema = z.union([
  z.strictObject({ event: z.string().min(1), expression: z.string().optional() }),
  z.strictObject({ cron: z.string().min(1), jitter: z.string().optional() }),
]);

const stepsSchema = z.strictObject({
  step: z.strictObject({
    id: z.string(),
    name: z.string(),
    runtime: z.strictObject({ type: z.string(), url: z.string().url() }),
    retries: z.strictObject({ attempts: z.number().int().min(0).max(20).optional() }).optional(),
  }),
});

const concurrencyItem = z.strictObject({ limit: z.number().int(), key: z.string().optional(), scope: z.string().optional() });
const concurrencySchema = z.union([z.number().int(), concurrencyItem, z.array(concurrencyItem).min(1).max(2)]);

const cancelSchema = z.array(z.strictObject({ event: z.string().min(1), if: z.string().optional(), timeout: z.string().optional() }));

export class RegistrationError extends Error {}

/**
 * Validates a sync payload. Anything the engine cannot honour is collected and reported at once, so a
 * function never runs with an option silently ignored.
 */
export function parseRegistration(body: unknown): AppRegistration {
  const parsed = registerBodySchema.safeParse(body);
  if (!parsed.success) throw new RegistrationError(`Invalid sync payload: ${z.prettifyError(parsed.error)}`);
  const problems: string[] = [];
  const functions: FunctionConfig[] = [];
  const seen = new Set<string>();
  for (const raw of parsed.data.functions) {
    const fn = parseFunction(raw, parsed.data.appName, problems);
    if (!fn) continue;
    if (seen.has(fn.id)) problems.push(`function "${fn.id}" is defined twice`);
    seen.add(fn.id);
    functions.push(fn);
  }
  if (problems.length) throw new RegistrationError(`The embedded Inngest engine cannot run this app: ${problems.join("; ")}`);
  return {
    appId: parsed.data.appName,
    url: parsed.data.url,
    sdk: parsed.data.sdk,
    framework: parsed.data.framework,
    functions,
  };
}

function parseFunction(raw: Record<string, unknown>, appId: string, problems: string[]): FunctionConfig | null {
  const id = typeof raw.id === "string" && raw.id ? raw.id : null;
  if (!id) {
    problems.push("a function has no id");
    return null;
  }
  const where = `function "${id}"`;
  const before = problems.length;
  for (const [option, value] of Object.entries(raw)) {
    if (value === undefined || value === null || SUPPORTED_OPTIONS.has(option)) continue;
    problems.push(`${where} uses "${option}", which is not supported (supported: triggers, retries, concurrency, cancelOn, onFailure)`);
  }
  const triggers = parseTriggers(raw.triggers, where, problems);
  const steps = stepsSchema.safeParse(raw.steps);
  if (!steps.success) {
    problems.push(`${where} has an invalid steps block: ${z.prettifyError(steps.error)}`);
    return null;
  }
  const runtime = steps.data.step.runtime;
  if (runtime.type !== "http") problems.push(`${where} uses the "${runtime.type}" runtime (connect); only HTTP serve endpoints are supported`);
  const concurrency = parseConcurrency(raw.concurrency, where, problems);
  const cancel = parseCancel(raw.cancel, where, problems);
  if (problems.length > before) return null;
  return {
    id,
    name: typeof raw.name === "string" && raw.name ? raw.name : id,
    appId,
    url: runtime.url,
    triggers,
    maxAttempts: (steps.data.step.retries?.attempts ?? DEFAULT_RETRIES) + 1,
    concurrency,
    cancel,
  };
}

function parseTriggers(value: unknown, where: string, problems: string[]): Trigger[] {
  const parsed = z.array(triggerSchema).safeParse(value ?? []);
  if (!parsed.success) {
    problems.push(`${where} has invalid triggers: ${z.prettifyError(parsed.error)}`);
    return [];
  }
  const triggers: Trigger[] = [];
  for (const trigger of parsed.data) {
    if ("cron" in trigger) {
      if (trigger.jitter) problems.push(`${where} uses cron jitter, which is not supported`);
      try {
        parseCron(trigger.cron);
      } catch (error) {
        problems.push(`${where} has an invalid cron "${trigger.cron}": ${(error as Error).message}`);
      }
      triggers.push({ cron: trigger.cron });
      continue;
    }
    if (trigger.event.includes("*")) problems.push(`${where} uses a wildcard event trigger "${trigger.event}", which is not supported`);
    if (trigger.expression) checkExpression(trigger.expression, `${where} trigger expression`, problems);
    triggers.push(trigger.expression ? { event: trigger.event, expression: trigger.expression } : { event: trigger.event });
  }
  return triggers;
}

function parseConcurrency(value: unknown, where: string, problems: string[]): FunctionConfig["concurrency"] {
  if (value === undefined || value === null) return [];
  const parsed = concurrencySchema.safeParse(value);
  if (!parsed.success) {
    problems.push(`${where} has invalid concurrency: ${z.prettifyError(parsed.error)}`);
    return [];
  }
  const items = typeof parsed.data === "number" ? [{ limit: parsed.data }] : Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const limits: FunctionConfig["concurrency"] = [];
  for (const item of items) {
    if ("scope" in item && item.scope && item.scope !== "fn") {
      problems.push(`${where} uses concurrency scope "${item.scope}"; only the default function scope is supported`);
      continue;
    }
    // Inngest reads a limit of 0 as "no limit".
    if (item.limit <= 0) continue;
    if ("key" in item && item.key) checkExpression(item.key, `${where} concurrency key`, problems);
    limits.push("key" in item && item.key ? { key: item.key, limit: item.limit } : { limit: item.limit });
  }
  return limits;
}

function parseCancel(value: unknown, where: string, problems: string[]): FunctionConfig["cancel"] {
  if (value === undefined || value === null) return [];
  const parsed = cancelSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(`${where} has invalid cancelOn: ${z.prettifyError(parsed.error)}`);
    return [];
  }
  for (const item of parsed.data) {
    if (item.if) checkExpression(item.if, `${where} cancelOn expression`, problems);
    if (item.timeout && resolveTime(item.timeout, 0) === null) problems.push(`${where} has an invalid cancelOn timeout "${item.timeout}"`);
  }
  return parsed.data;
}

function checkExpression(expression: string, what: string, problems: string[]): void {
  try {
    compileExpression(expression);
  } catch (error) {
    problems.push(`${what} "${expression}" is not valid CEL: ${(error as Error).message.split("\n")[0]}`);
  }
}

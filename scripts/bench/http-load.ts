/**
 * A closed-loop load generator: `clients` loops, each with its own kept-alive connection and API token,
 * send GET requests back to back for a fixed time, so exactly `clients` requests are in flight. Every
 * latency is kept (request written until the whole body has arrived) and every answer is checked.
 */
import http from "node:http";

export interface Target {
  path: string;
  /** Why the answer is wrong, or null when it is the one expected. */
  check: (status: number, body: string) => string | null;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  latenciesMs: number[];
  /** Latencies per target path, for a window that mixes targets. */
  byPath: Map<string, number[]>;
  /** The first few wrong answers, and how many there were. */
  failures: { count: number; examples: string[] };
}

function get(agent: http.Agent, origin: URL, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { agent, host: origin.hostname, port: origin.port, path, headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

export async function runLoad(opts: { origin: string; tokens: string[]; targets: Target[]; seconds: number }): Promise<LoadResult> {
  const origin = new URL(opts.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.tokens.length });
  const latenciesMs: number[] = [];
  const byPath = new Map<string, number[]>(opts.targets.map((t) => [t.path, []]));
  const failures = { count: 0, examples: [] as string[] };
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const client = async (token: string, offset: number) => {
    for (let i = offset; performance.now() < deadline; i++) {
      const target = opts.targets[i % opts.targets.length];
      const t0 = performance.now();
      let wrong: string | null;
      try {
        const res = await get(agent, origin, target.path, token);
        wrong = target.check(res.status, res.body);
      } catch (error) {
        wrong = error instanceof Error ? error.message : String(error);
      }
      const ms = performance.now() - t0;
      latenciesMs.push(ms);
      byPath.get(target.path)?.push(ms);
      if (wrong !== null) {
        failures.count++;
        if (failures.examples.length < 3) failures.examples.push(`${target.path}: ${wrong}`);
      }
    }
  };
  await Promise.all(opts.tokens.map((token, i) => client(token, i)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, requests: latenciesMs.length, latenciesMs, byPath, failures };
}

/** The nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** What the status route must answer: 200 and the export, as JSON, with its own id. */
export function exportAnswer(id: string): Target {
  return {
    path: `/api/v1/exports/${id}`,
    check: (status, body) => {
      if (status !== 200) return `answered ${status}: ${body.slice(0, 200)}`;
      try {
        const parsed = JSON.parse(body) as { id?: unknown };
        return parsed.id === id ? null : `answered the export ${String(parsed.id)}`;
      } catch {
        return `answered something that is not JSON: ${body.slice(0, 200)}`;
      }
    },
  };
}

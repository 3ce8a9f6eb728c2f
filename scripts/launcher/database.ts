import type { EmbeddedDatabase } from "../../db/embedded";

export interface Supervision {
  stop(): void;
}

export interface SuperviseOptions {
  /** Restarts allowed over the launcher's life; one more death stops the portal. */
  maxRestarts?: number;
  /** Attempts per restart: a killed server's backends hold its shared memory for a moment. */
  attempts?: number;
  intervalMs?: number;
  log: (line: string) => void;
  onRestarted?: (pid: number | null) => void;
  onGiveUp: (message: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches the embedded PostgreSQL. The web app and the engine only retry their connections, so without
 * this a dead database left them retrying forever: it is restarted (a bounded number of times), and
 * when it cannot be, the portal stops with a message saying so.
 */
export function superviseDatabase(db: EmbeddedDatabase, opts: SuperviseOptions): Supervision {
  const maxRestarts = opts.maxRestarts ?? 3;
  const attempts = opts.attempts ?? 5;
  let restarts = 0;
  let stopped = false;
  let busy = false;

  async function recover() {
    if (restarts >= maxRestarts) {
      stopped = true;
      opts.onGiveUp(
        `Embedded PostgreSQL stopped again after ${restarts} restart(s); stopping the portal. Its messages are above; run npm start again once the cause is fixed.`,
      );
      return;
    }
    restarts += 1;
    opts.log(`Embedded PostgreSQL stopped unexpectedly; restarting it (restart ${restarts} of at most ${maxRestarts})…`);
    let last = "";
    for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
      try {
        await db.restart();
        opts.log(`Embedded PostgreSQL is back; the web app and the job engine reconnect by themselves.`);
        opts.onRestarted?.(db.pid());
        return;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
        await sleep(1000);
      }
    }
    if (stopped) return;
    stopped = true;
    opts.onGiveUp(`Embedded PostgreSQL stopped and could not be restarted (${attempts} attempts); stopping the portal. Last error: ${last}`);
  }

  const timer = setInterval(() => {
    if (stopped || busy || db.pid() !== null) return;
    busy = true;
    void recover().finally(() => (busy = false));
  }, opts.intervalMs ?? 1000);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * Runs beside the launcher, as its child with an IPC channel, and outlives it by a few seconds. The
 * launcher tells it every process it starts (the web app, the engine, PostgreSQL). When the channel
 * closes while processes are still registered, the launcher is gone without shutting down (kill -9, a
 * crash), and the guard stops them, so their ports are free for the next `npm start`.
 */
type Message = { watch: number; signal: NodeJS.Signals } | { forget: number };

const watched = new Map<number, NodeJS.Signals>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && ("watch" in value || "forget" in value);
}

process.on("message", (message: unknown) => {
  if (!isMessage(message)) return;
  if ("watch" in message) watched.set(message.watch, message.signal);
  else watched.delete(message.forget);
});

// Ctrl+C reaches the whole process group; the launcher stops everything itself then, and the guard waits.
process.on("SIGINT", () => {});

process.on("disconnect", () => {
  if (watched.size > 0) console.error(`The launcher is gone; stopping the ${watched.size} process(es) it started.`);
  for (const [pid, signal] of watched) {
    try {
      process.kill(pid, signal);
    } catch {
      watched.delete(pid);
    }
  }
  const deadline = Date.now() + 10_000;
  const check = setInterval(() => {
    for (const pid of watched.keys()) if (!isAlive(pid)) watched.delete(pid);
    if (watched.size > 0 && Date.now() < deadline) return;
    for (const pid of watched.keys()) process.kill(pid, "SIGKILL");
    clearInterval(check);
    process.exit(0);
  }, 100);
});

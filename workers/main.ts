/**
 * The worker process: `npx tsx workers/main.ts` (npm run worker). Runs every BullMQ queue, the outbox
 * relay and the audit sealer; exits 0 after a graceful stop on SIGTERM/SIGINT.
 */
process.env.SERVICE_NAME ??= "worker";

// Modules are imported after SERVICE_NAME is set (the logger reads it when loaded), and only after the
// environment validated, so a bad variable stops the boot with every problem named.
const { getEnv } = await import("~/lib/env.server");
try {
  getEnv();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const { logger } = await import("~/lib/logger.server");
const { getDb } = await import("~/lib/db.server");
const { startWorker } = await import("./start-worker");

/** Longest wait for active jobs on shutdown before giving up (a PDF takes well under a second). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

// Signal handlers are installed before anything starts: until a listener exists, SIGTERM's default action
// kills the process at once. A signal during boot waits for the boot to finish, then stops gracefully.
let stoppingSince = 0;
async function shutdown(signal: string) {
  if (stoppingSince) {
    // The same signal may arrive twice at once (process-group delivery plus a wrapper relaying it):
    // only a later, deliberate second signal skips the wait.
    if (Date.now() - stoppingSince < 1_000) return;
    logger.warn({ signal }, "second signal: exiting without waiting");
    process.exit(1);
  }
  stoppingSince = Date.now();
  logger.info({ signal }, "shutting down: relay stopped first, then waiting for active jobs");
  setTimeout(() => {
    logger.error("graceful shutdown timed out; exiting");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  try {
    const handle = await booting;
    await handle.close();
    await getDb().$disconnect();
    logger.info("worker stopped");
    process.exit(0);
  } catch (err) {
    logger.error({ err }, "error during shutdown");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
const { watchSupervisor } = await import("~/lib/parent-watch.server");
watchSupervisor(() => void shutdown("supervisor gone"));

// Declared after the handlers on purpose; they only run from a later event-loop turn, once it is set.
const booting = startWorker();
await booting;
export {};

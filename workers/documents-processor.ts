import type { SandboxedJob } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/lib/logger.server";
import { createRedis } from "~/lib/redis.server";
import { waitWhileRush } from "~/lib/rush-gate.server";
import { runJob } from "./run-job";

/**
 * Processor of the CPU-heavy `documents` queue, run by BullMQ in a separate child process (see
 * start-worker.ts for why). It loads the same definitions registry and handlers as the main process.
 * Children are kept between jobs by BullMQ's pool, and fonts are parsed once per child
 * (app/domain/documents/pdf.ts). While bids are being finalised, a render waits (rush-gate.server.ts).
 *
 * Orphan guard (issue 14): BullMQ's child keeps running when its parent is killed with SIGKILL (nobody is
 * left to stop it). The child exits when its IPC channel to the parent closes, and — should that event be
 * missed — when a watchdog sees it was re-parented. A job it held is then stalled and run again by a live
 * worker; its transaction (if any) rolled back with the connection.
 */
const parentPid = process.ppid;
if (process.send) process.once("disconnect", () => process.exit(0));
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(0);
}, 1_000).unref();
let redis: Redis | undefined;

export default async function processDocumentJob(job: SandboxedJob): Promise<unknown> {
  redis ??= createRedis("worker");
  const waited = await waitWhileRush(redis);
  if (waited > 250) logger.info({ job: job.name, jobId: job.id, waitedMs: waited }, "document waited for the finalise rush");
  return runJob(job);
}

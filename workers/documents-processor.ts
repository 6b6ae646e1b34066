import type { SandboxedJob } from "bullmq";
import { runJob } from "./run-job";

/**
 * Processor of the CPU-heavy `documents` queue, run by BullMQ in a separate child process (see
 * start-worker.ts for why). It loads the same definitions registry and handlers as the main process.
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

export default async function processDocumentJob(job: SandboxedJob): Promise<unknown> {
  return runJob(job);
}

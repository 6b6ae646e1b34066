import type { SandboxedJob } from "bullmq";
import { runJob } from "./run-job";

/**
 * Processor of the CPU-heavy `documents` queue, run by BullMQ in a separate child process (see
 * start-worker.ts for why). It loads the same definitions registry and handlers as the main process.
 */
export default async function processDocumentJob(job: SandboxedJob): Promise<unknown> {
  return runJob(job);
}

import type { SandboxedJob } from "bullmq";
import { setPriority } from "node:os";
import { logger } from "~/lib/logger.server";
import { runJob } from "./run-job";

/**
 * Processor of the CPU-heavy `documents` queue, run by BullMQ in a separate child process (see
 * start-worker.ts for why). It loads the same definitions registry and handlers as the main process.
 *
 * The child runs at the lowest CPU priority (nice 19, issue 15): a receipt PDF or a bulletin waits whenever
 * the web server has work — the deadline rush, the hall — and uses the cores when they are idle. Documents
 * are never needed in the request path (a receipt's number, instant and hashes are in the finalise
 * response; its PDF follows). Fonts are parsed once per child (app/domain/documents/pdf.ts), and children
 * are kept between jobs by BullMQ's pool.
 */
try {
  setPriority(19);
} catch (err) {
  logger.warn({ err }, "cannot lower the documents worker's CPU priority");
}

export default async function processDocumentJob(job: SandboxedJob): Promise<unknown> {
  return runJob(job);
}

import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { isDomainError } from "~/domain/errors";
import { findJobDefinition } from "~/jobs/definitions";
import { logger } from "~/lib/logger.server";

/** What runJob needs of a job: satisfied by a BullMQ Job and by a SandboxedJob. */
export interface RunnableJob {
  id?: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  updateProgress: (value: number) => Promise<unknown>;
}

/**
 * Dispatches a job by name to its definition's lazily imported handler. The payload is validated again
 * with the definition's schema (it crossed Redis as JSON and may come from an older release): an invalid
 * payload or an unknown name fails the job for good (UnrecoverableError), as does a business refusal
 * (DomainError) — retrying would refuse again. Any other error is retried with exponential backoff.
 */
export async function runJob(job: RunnableJob): Promise<unknown> {
  const log = logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
  const def = findJobDefinition(job.name);
  if (!def) {
    log.error("unknown job name: failed without retry");
    throw new UnrecoverableError(`Unknown job "${job.name}"`);
  }
  const parsed = def.payload.safeParse(job.data);
  if (!parsed.success) {
    const issues = z.prettifyError(parsed.error);
    log.error({ issues }, "invalid job payload: failed without retry");
    throw new UnrecoverableError(`Invalid payload for ${job.name}: ${issues}`);
  }
  const { default: handler } = await def.handler();
  try {
    const result = await handler(parsed.data, {
      progress: async (pct) => void (await job.updateProgress(Math.max(0, Math.min(100, pct)))),
      jobId: job.id ?? "",
      attempt: job.attemptsMade + 1,
    });
    return jsonSafe(result);
  } catch (e) {
    if (isDomainError(e)) {
      log.error({ code: e.code, params: e.params }, "job refused by a business rule: failed without retry");
      throw new UnrecoverableError(`${e.code} ${JSON.stringify(e.params)}`);
    }
    throw e;
  }
}

/** BullMQ stores the return value as JSON (and a sandbox sends it over IPC): BigInt and Date become strings. */
function jsonSafe(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)));
}

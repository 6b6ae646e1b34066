import type { z } from "zod";
import type { Tx } from "~/lib/db.server";
import { assertValidJobId, type JobDefinition } from "./define-job";

/**
 * Enqueues a job through the transactional outbox: the row commits or rolls back with the change that
 * needs it, and the worker's relay hands it to BullMQ (docs/decisions/0005-outbox.md). Never call
 * BullMQ directly from a domain write. Returns the deterministic job id. A `runAt` in the future makes the
 * relay add the job with the matching delay. `notify: false` leaves out the NOTIFY that wakes the relay
 * at once (a hot path calls notifyAfterCommit instead, or lets the relay's 1 s poll find the row).
 */
export async function enqueueJob<S extends z.ZodType>(
  tx: Tx,
  def: JobDefinition<S>,
  payload: z.infer<S>,
  opts: { runAt?: Date; notify?: boolean } = {},
): Promise<string> {
  const data = def.payload.parse(payload);
  const jobId = def.jobId(data);
  assertValidJobId(jobId);
  if (opts.notify === false) {
    await tx.$executeRaw`
      INSERT INTO "OutboxJob" (queue, name, "jobId", payload, "runAt")
      VALUES (${def.queue}, ${def.name}, ${jobId}, ${JSON.stringify(data)}::jsonb, ${opts.runAt ?? null})`;
    return jobId;
  }
  await tx.$executeRaw`
    WITH ins AS (
      INSERT INTO "OutboxJob" (queue, name, "jobId", payload, "runAt")
      VALUES (${def.queue}, ${def.name}, ${jobId}, ${JSON.stringify(data)}::jsonb, ${opts.runAt ?? null})
      RETURNING id
    )
    SELECT pg_notify('outbox', id::text) FROM ins`;
  return jobId;
}

/**
 * enqueueJob for several payloads of one definition in a single INSERT (one round trip): e.g. the
 * response timeouts of all experts called by one draw. Same rows, same ids, same notification as calling
 * enqueueJob once per payload, in order.
 */
export async function enqueueJobs<S extends z.ZodType>(
  tx: Tx,
  def: JobDefinition<S>,
  payloads: readonly z.infer<S>[],
  opts: { runAt?: Date } = {},
): Promise<string[]> {
  if (payloads.length === 0) return [];
  const data = payloads.map((p) => def.payload.parse(p));
  const jobIds = data.map((d) => def.jobId(d));
  jobIds.forEach(assertValidJobId);
  await tx.$executeRaw`
    WITH ins AS (
      INSERT INTO "OutboxJob" (queue, name, "jobId", payload, "runAt")
      SELECT ${def.queue}, ${def.name}, t.j, t.p::jsonb, ${opts.runAt ?? null}::timestamptz
        FROM unnest(${jobIds}::text[], ${data.map((d) => JSON.stringify(d))}::text[]) WITH ORDINALITY AS t(j, p, n)
       ORDER BY t.n
      RETURNING id
    )
    SELECT pg_notify('outbox', id::text) FROM ins`;
  return jobIds;
}

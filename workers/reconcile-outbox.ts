import type { Redis } from "ioredis";
import type { QueueName } from "~/jobs/define-job";
import type { Queues } from "~/jobs/queues.server";
import type { Db } from "~/lib/db.server";

/**
 * The outbox is the truth about which jobs exist (docs/decisions/0005-outbox.md, issue 14). A row that was
 * relayed (dispatchedAt set) but whose job has not finished (doneAt null) must have its job in Redis. When
 * Redis lost it — restart without persistence, failover to an empty replica, eviction, keys deleted — the
 * row is handed back to the relay (dispatchedAt = NULL), which adds the job again under the same
 * deterministic id and with the remaining delay. Handlers are idempotent (they look for their result under
 * a lock first), so a job that had in fact done its work before Redis lost it does nothing the second time.
 *
 * Per row one pipelined look-up: the job's hash (name, data) and whether it sits in the completed or failed
 * set. Finished jobs get doneAt (the worker's "completed"/"failed" events normally do it at once; this is for
 * events missed when a worker died).
 */

export interface OutboxReconcileReport {
  /** Relayed, unfinished rows looked at. */
  open: number;
  /** Jobs missing from Redis (or left half-deleted by a wipe): rows handed back to the relay. */
  redispatched: number;
  /** Jobs found finished: rows marked done. */
  completed: number;
  failed: number;
}

const PAGE = 500;
/** A row relayed this recently may still be inside the relay's transaction on another connection; skip it. */
const MIN_AGE_MS = 0;

interface Row {
  id: bigint;
  queue: string;
  jobId: string;
}

export async function reconcileOutbox(db: Db, queues: Queues, opts: { minAgeMs?: number } = {}): Promise<OutboxReconcileReport> {
  const report: OutboxReconcileReport = { open: 0, redispatched: 0, completed: 0, failed: 0 };
  const minAge = opts.minAgeMs ?? MIN_AGE_MS;
  let after = -1n;
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT id, queue, "jobId" FROM "OutboxJob"
      WHERE "dispatchedAt" IS NOT NULL AND "doneAt" IS NULL AND id > ${after}
        AND "dispatchedAt" <= now() - make_interval(secs => ${minAge / 1000})
      ORDER BY id LIMIT ${PAGE}`;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    report.open += rows.length;

    const known = rows.filter((r) => r.queue in queues);
    if (known.length === 0) continue;
    const client = (await queues[known[0]!.queue as QueueName].getBackend().client) as unknown as Redis;
    const pipe = client.pipeline();
    for (const r of known) {
      const q = queues[r.queue as QueueName];
      pipe.hmget(q.toKey(r.jobId), "name", "data").zscore(q.toKey("completed"), r.jobId).zscore(q.toKey("failed"), r.jobId);
    }
    const res = (await pipe.exec()) ?? [];
    const missing: Row[] = [];
    const completed: bigint[] = [];
    const failed: bigint[] = [];
    known.forEach((r, i) => {
      const [errH, hash] = res[3 * i] ?? [];
      const [errC, inCompleted] = res[3 * i + 1] ?? [];
      const [errF, inFailed] = res[3 * i + 2] ?? [];
      if (errH || errC || errF) return; // look again next pass
      const [name, data] = (hash as (string | null)[] | undefined) ?? [];
      if (!name || data == null) missing.push(r);
      else if (inCompleted !== null) completed.push(r.id);
      else if (inFailed !== null) failed.push(r.id);
    });

    if (missing.length) {
      // A hash without name/data is what a wipe leaves behind when a worker held the job: remove it, or the
      // relay's add would be ignored as a duplicate of a job nobody will ever run.
      const del = client.pipeline();
      for (const r of missing) del.del(queues[r.queue as QueueName].toKey(r.jobId));
      await del.exec();
      const ids = missing.map((r) => r.id);
      await db.$executeRaw`
        UPDATE "OutboxJob" SET "dispatchedAt" = NULL, attempts = attempts + 1,
               "lastError" = 'job vanished from Redis; relayed again by the reconciler'
        WHERE id = ANY(${ids}::bigint[]) AND "doneAt" IS NULL`;
      await db.$executeRaw`SELECT pg_notify('outbox', 'reconciled')`;
      report.redispatched += missing.length;
    }
    if (completed.length) {
      await db.$executeRaw`UPDATE "OutboxJob" SET "doneAt" = now() WHERE id = ANY(${completed}::bigint[])`;
      report.completed += completed.length;
    }
    if (failed.length) {
      await db.$executeRaw`
        UPDATE "OutboxJob" SET "doneAt" = now(), "lastError" = coalesce("lastError", 'job failed for good')
        WHERE id = ANY(${failed}::bigint[])`;
      report.failed += failed.length;
    }
    if (rows.length < PAGE) break;
  }
  return report;
}

/**
 * Marks the outbox rows of a finished BullMQ job (the worker's completed/failed events). Jobs that did not
 * come through the outbox (repeatable schedulers) match no row. Never throws: the reconciler catches up.
 */
export async function markOutboxJobDone(db: Db, jobId: string, failedReason?: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "OutboxJob" SET "doneAt" = now(),
           "lastError" = CASE WHEN ${failedReason ?? null}::text IS NULL THEN "lastError" ELSE ${failedReason ?? null}::text END
    WHERE "jobId" = ${jobId} AND "dispatchedAt" IS NOT NULL AND "doneAt" IS NULL`.catch(() => {});
}

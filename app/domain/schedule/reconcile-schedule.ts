import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { fireTransition } from "./jobs";
import { jobOptions } from "~/jobs/queues.server";
import type { Db } from "~/lib/db.server";
import { raiseOverdueAlerts } from "./raise-overdue-alerts";
import { transitionJobPayload } from "./schedule-lot-transitions";

export interface ReconcileReport {
  pending: number;
  /** Jobs that were missing from Redis and were added again. */
  readded: number;
  /** Jobs found failed (all attempts used) while their row is still pending: replaced by a fresh one. */
  retried: number;
  alerts: number;
}

const PAGE = 1_000;
/** Jobs due further ahead than this must be in the delayed set (closer ones may be moving to "wait"). */
const FUTURE_MARGIN_MS = 2_000;
/**
 * A pending row this far past its instant gets its job inspected: a healthy one is waiting, delayed or
 * running; a finished, failed or broken one (hash half-deleted by a wipe while a worker held it) is replaced.
 */
const INSPECT_AFTER_MS = 1_000;

/**
 * Makes Redis agree with the database: every PENDING ScheduledTransition has its delayed job (same
 * deterministic id, delay = max(0, due − now)). Run at worker start and every minute (job
 * reconcileSchedule), so a wiped or restored Redis loses no deadline; duplicates are harmless because
 * firing is idempotent on the row. Then raises overdue alerts for supervisors.
 */
export async function reconcileSchedule(db: Db, queue: Queue, opts: { now?: Date } = {}): Promise<ReconcileReport> {
  const now = opts.now ?? new Date();
  // The raw ioredis client behind the queue (BullMQ's Redis backend escape hatch).
  const client = (await queue.getBackend().client) as unknown as Redis;
  const report: ReconcileReport = { pending: 0, readded: 0, retried: 0, alerts: 0 };
  let after: string | undefined;
  for (;;) {
    const rows = await db.scheduledTransition.findMany({
      where: { status: "PENDING" },
      select: { id: true, dueAt: true, rev: true },
      // Soonest first: after a wipe, the jobs due now are back before the ones due next week.
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      take: PAGE,
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    report.pending += rows.length;

    const items = rows.map((r) => {
      const data = transitionJobPayload(r.id, r.dueAt, r.rev);
      return { row: r, data, jobId: fireTransition.jobId(data) };
    });
    // One round trip for the whole page: does the job's hash exist, and is it in the delayed set?
    const pipe = client.pipeline();
    const delayedKey = queue.toKey("delayed");
    for (const it of items) pipe.exists(queue.toKey(it.jobId)).zscore(delayedKey, it.jobId);
    const res = (await pipe.exec()) ?? [];
    const exists = items.map((_, i) => !res[2 * i]?.[0] && res[2 * i]?.[1] === 1);
    const inDelayed = items.map((_, i) => !res[2 * i + 1]?.[0] && res[2 * i + 1]?.[1] !== null);

    const missing = items.filter((_, i) => !exists[i]);
    if (missing.length) {
      await queue.addBulk(
        missing.map((it) => ({
          name: fireTransition.name,
          data: it.data,
          opts: jobOptions(fireTransition, it.jobId, it.row.dueAt.getTime() - Date.now()),
        })),
      );
      report.readded += missing.length;
    }
    // A job due later must sit in the delayed set; a hash without it is a leftover of a wipe: replace it.
    for (const it of items.filter((it, i) => exists[i] && !inDelayed[i] && it.row.dueAt.getTime() - now.getTime() > FUTURE_MARGIN_MS)) {
      await client.del(queue.toKey(it.jobId));
      await queue.add(fireTransition.name, it.data, jobOptions(fireTransition, it.jobId, it.row.dueAt.getTime() - Date.now()));
      report.readded++;
    }
    for (const it of items.filter((it, i) => exists[i] && now.getTime() - it.row.dueAt.getTime() > INSPECT_AFTER_MS)) {
      // Past its instant with the row still pending: the job is waiting in line (fine), or it is finished,
      // failed for good or broken (its hash half-deleted by a wipe while a worker held it). Replace those.
      try {
        const job = await queue.getJob(it.jobId).catch(() => undefined);
        const state = job ? await job.getState() : "unknown";
        if (["waiting", "delayed", "active", "prioritized", "waiting-children"].includes(state) && job?.name === fireTransition.name) continue;
        // A broken job's lock went with the wipe, so removing it is allowed; fall back to deleting its hash.
        if (job) await job.remove().catch(() => client.del(queue.toKey(it.jobId)));
        else await client.del(queue.toKey(it.jobId));
        await queue.add(fireTransition.name, it.data, jobOptions(fireTransition, it.jobId, 0));
        if (state === "failed") report.retried++;
        else report.readded++;
      } catch {
        // Locked by a worker right now: it is running after all; the next pass looks again.
      }
    }
    if (rows.length < PAGE) break;
  }
  report.alerts = await raiseOverdueAlerts(db, now);
  return report;
}

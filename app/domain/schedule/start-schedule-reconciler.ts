import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "~/lib/db.server";
import { reconcileSchedule, type ReconcileReport } from "./reconcile-schedule";

/** After a detected wipe: extra passes this long after it (ms). */
const FOLLOW_UP_MS = [1_500, 3_000, 6_000, 12_000];

interface Log {
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
}

export interface ScheduleReconciler {
  /** Runs a reconciliation now (coalesced with a running one). */
  run: () => Promise<ReconcileReport | null>;
  stop: () => Promise<void>;
}

/**
 * Keeps Redis in line with the schedule in PostgreSQL, from inside the worker process (a BullMQ repeatable
 * job would itself be lost in the Redis wipe it is meant to repair):
 * - a full reconcileSchedule at start and every `intervalMs` (default 60 s);
 * - a sentinel key checked every `sentinelMs` (default 250 ms: one EXISTS): when it is gone, Redis lost its data
 *   (FLUSHALL, restart without persistence, failover to an empty replica) and the reconciliation runs at once,
 *   so deadlines due in the meantime are late by seconds, not by the interval.
 * Several worker processes may each run one: reconciling is idempotent (deterministic job ids).
 */
export function startScheduleReconciler(opts: {
  db: Db;
  queue: Queue;
  log?: Log;
  intervalMs?: number;
  sentinelMs?: number;
}): ScheduleReconciler {
  const { db, queue, log } = opts;
  const sentinel = queue.toKey("reconciled-sentinel");
  let running: Promise<ReconcileReport | null> | null = null;
  let stopped = false;
  const followUps: NodeJS.Timeout[] = [];

  const run = () =>
    (running ??= (async () => {
      try {
        const client = (await queue.getBackend().client) as unknown as Redis;
        // Set before reading the rows: a wipe during the pass removes it again and triggers another pass.
        await client.set(sentinel, new Date().toISOString());
        const report = await reconcileSchedule(db, queue);
        if (report.readded || report.retried || report.alerts) log?.info({ ...report }, "schedule reconciled");
        return report;
      } catch (err) {
        log?.warn({ err: (err as Error).message }, "schedule reconciliation failed; will retry");
        return null;
      } finally {
        running = null;
      }
    })());

  const check = async () => {
    if (stopped) return;
    try {
      const client = (await queue.getBackend().client) as unknown as Redis;
      if ((await client.exists(sentinel)) === 0) {
        log?.warn({ sentinel }, "schedule sentinel missing: Redis lost its data, rebuilding the schedule");
        await run();
        // Jobs a worker held during the wipe are left half-deleted and fail a moment later; follow-up passes
        // replace them within seconds instead of at the next full pass.
        for (const ms of FOLLOW_UP_MS) {
          const t = setTimeout(() => void run(), ms);
          t.unref();
          followUps.push(t);
        }
      }
    } catch {
      // Redis away: the next check (after it is back) finds the sentinel missing or present.
    }
  };

  void run();
  const full = setInterval(() => void run(), opts.intervalMs ?? 60_000);
  const watch = setInterval(() => void check(), opts.sentinelMs ?? 250);
  full.unref();
  watch.unref();
  return {
    run,
    stop: async () => {
      stopped = true;
      clearInterval(full);
      clearInterval(watch);
      followUps.forEach(clearTimeout);
      await running;
    },
  };
}

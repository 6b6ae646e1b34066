import type { Queue } from "bullmq";
import { startReconciler } from "~/jobs/start-reconciler";
import type { Db } from "~/lib/db.server";
import { reconcileSchedule, type ReconcileReport } from "./reconcile-schedule";

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
 * The schedule's reconciliation alone (tests, benches): every PENDING ScheduledTransition has its delayed
 * job, at start, every `intervalMs` and at once when Redis lost its data. The worker runs this pass together
 * with the outbox's and the schedulers' in one reconciler (workers/start-worker.ts).
 */
export function startScheduleReconciler(opts: { db: Db; queue: Queue; log?: Log; intervalMs?: number; sentinelMs?: number }): ScheduleReconciler {
  const r = startReconciler({
    queue: opts.queue,
    log: opts.log,
    intervalMs: opts.intervalMs,
    sentinelMs: opts.sentinelMs,
    passes: { schedule: async () => ({ ...(await reconcileSchedule(opts.db, opts.queue)) }) },
  });
  return {
    run: async () => ((await r.run())?.schedule as ReconcileReport | undefined) ?? null,
    stop: r.stop,
  };
}

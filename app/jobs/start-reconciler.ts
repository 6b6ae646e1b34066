import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** After a detected wipe: extra passes this long after it (ms). */
const FOLLOW_UP_MS = [1_500, 3_000, 6_000, 12_000];

interface Log {
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
}

/** One reconciliation step: returns a small report (logged when any figure is non-zero). */
export type ReconcilePass = (ctx: { wiped: boolean }) => Promise<Record<string, number> | null | void>;

export interface Reconciler {
  /** Runs every pass now (coalesced with a running one). */
  run: (opts?: { wiped?: boolean }) => Promise<Record<string, Record<string, number>> | null>;
  stop: () => Promise<void>;
  /** Wipes detected since start (a figure for drills and /metrics). */
  readonly wipes: number;
}

/**
 * Keeps Redis in line with PostgreSQL, from inside the worker process (a BullMQ repeatable job would itself
 * be lost in the Redis wipe it is meant to repair):
 * - every pass at start and every `intervalMs` (default 60 s);
 * - a sentinel key checked every `sentinelMs` (default 250 ms: one EXISTS): when it is gone, Redis lost its
 *   data (FLUSHALL, restart without persistence, failover to an empty replica, keys deleted) and the passes
 *   run at once with `wiped: true`, then a few follow-ups (jobs a worker held during the wipe fail a moment
 *   later), so work due in the meantime is late by seconds, not by the interval.
 * Several worker processes may each run one: every pass is idempotent (deterministic job ids).
 */
export function startReconciler(opts: {
  /** The queue whose connection runs the checks and holds a sentinel. */
  queue: Queue;
  /** Further queues that get a sentinel each: deleting one queue's keys is noticed too. */
  watch?: Queue[];
  passes: Record<string, ReconcilePass>;
  log?: Log;
  intervalMs?: number;
  sentinelMs?: number;
  sentinelName?: string;
}): Reconciler {
  const { queue, log } = opts;
  const sentinels = [queue, ...(opts.watch ?? []).filter((q) => q !== queue)].map((q) => q.toKey(opts.sentinelName ?? "reconciled-sentinel"));
  let running: Promise<Record<string, Record<string, number>> | null> | null = null;
  let stopped = false;
  let wipes = 0;
  const followUps: NodeJS.Timeout[] = [];

  const run = (o: { wiped?: boolean } = {}) =>
    (running ??= (async () => {
      try {
        const client = (await queue.getBackend().client) as unknown as Redis;
        // Set before reading the rows: a wipe during the pass removes it again and triggers another pass.
        const stamp = new Date().toISOString();
        await client.mset(Object.fromEntries(sentinels.map((k) => [k, stamp])));
        const out: Record<string, Record<string, number>> = {};
        for (const [name, pass] of Object.entries(opts.passes)) {
          try {
            const r = await pass({ wiped: !!o.wiped });
            if (r) {
              out[name] = r;
              // "pending"/"open" only count what was looked at; anything else non-zero is a repair.
              if (Object.entries(r).some(([k, v]) => v > 0 && k !== "pending" && k !== "open")) log?.info({ pass: name, ...r }, "reconciled");
            }
          } catch (err) {
            log?.warn({ pass: name, err: (err as Error).message }, "reconciliation pass failed; will retry");
          }
        }
        return out;
      } catch (err) {
        log?.warn({ err: (err as Error).message }, "reconciliation failed; will retry");
        return null;
      } finally {
        running = null;
      }
    })());

  const check = async () => {
    if (stopped) return;
    try {
      const client = (await queue.getBackend().client) as unknown as Redis;
      const present = await client.exists(...sentinels);
      if (present < sentinels.length) {
        wipes++;
        log?.warn({ sentinels, present }, "reconciler sentinel missing: Redis lost data, rebuilding jobs from PostgreSQL");
        await running;
        await run({ wiped: true });
        for (const ms of FOLLOW_UP_MS) {
          const t = setTimeout(() => void run({ wiped: true }), ms);
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
    get wipes() {
      return wipes;
    },
    stop: async () => {
      stopped = true;
      clearInterval(full);
      clearInterval(watch);
      followUps.forEach(clearTimeout);
      await running;
    },
  };
}

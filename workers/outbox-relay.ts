import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { findJobDefinition } from "~/jobs/definitions";
import type { QueueName } from "~/jobs/define-job";
import { jobOptions, type Queues } from "~/jobs/queues.server";
import type { Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { listenPg } from "~/lib/pg-listen.server";

/**
 * The outbox relay (docs/decisions/0005-outbox.md): moves committed OutboxJob rows into BullMQ.
 * Rows are claimed in id order with FOR UPDATE SKIP LOCKED, so several worker processes can relay side by
 * side without taking the same row. A row is marked dispatched only after BullMQ accepted the job; if the
 * mark is lost (crash, rollback), the next pass adds it again and BullMQ ignores the existing jobId.
 */

interface Log {
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
  error: (o: object, m?: string) => void;
}

export interface RelayResult {
  claimed: number;
  dispatched: number;
  failed: number;
}

export interface RelayOptions {
  batchSize?: number;
  /** Upper bound on one add: a half-open Redis connection must not hold the claimed rows for ever. */
  addTimeoutMs?: number;
  log?: Log;
}

interface Row {
  id: bigint;
  queue: string;
  name: string;
  jobId: string;
  payload: unknown;
  runAt: Date | null;
}

// Errors that mean "Redis is not there": the rest of the batch is not even tried.
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|not connected|timed out/i;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new Error(`Redis add timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

function assertConnected(queue: Queue) {
  // BullMQ waits for a connection that is not ready instead of failing: check first and fail fast.
  const status = (queue.opts.connection as Redis | undefined)?.status;
  if (status && status !== "ready") throw new Error(`Redis not connected (status ${status})`);
}

/** One pass: claims up to batchSize undispatched rows, adds them to BullMQ, marks them. Used by tests. */
export async function relayOutboxOnce(db: Db, queues: Queues, opts: RelayOptions = {}): Promise<RelayResult> {
  const batchSize = opts.batchSize ?? 100;
  const addTimeoutMs = opts.addTimeoutMs ?? 5_000;
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT id, queue, name, "jobId", payload, "runAt" FROM "OutboxJob"
        WHERE "dispatchedAt" IS NULL
        ORDER BY id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return { claimed: 0, dispatched: 0, failed: 0 };

      const dispatched: bigint[] = [];
      const failed: { id: bigint; error: string }[] = [];
      let redisDown: string | null = null;
      for (const row of rows) {
        if (redisDown) {
          failed.push({ id: row.id, error: redisDown });
          continue;
        }
        const queue = queues[row.queue as QueueName] as Queue | undefined;
        try {
          if (!queue) throw new Error(`Unknown queue "${row.queue}"`);
          assertConnected(queue);
          const delay = row.runAt ? row.runAt.getTime() - Date.now() : 0;
          await withTimeout(queue.add(row.name, row.payload, jobOptions(findJobDefinition(row.name), row.jobId, delay)), addTimeoutMs);
          dispatched.push(row.id);
        } catch (e) {
          const error = message(e);
          failed.push({ id: row.id, error });
          if (CONNECTION_ERROR.test(error)) redisDown = error;
          else opts.log?.error({ outboxId: row.id.toString(), job: row.name, err: error }, "outbox row cannot be relayed");
        }
      }
      if (dispatched.length > 0) {
        await tx.$executeRaw`UPDATE "OutboxJob" SET "dispatchedAt" = now() WHERE id = ANY(${dispatched}::bigint[])`;
      }
      for (const f of failed) {
        // The row stays undispatched: the next pass retries it. Nothing is lost while Redis is away.
        await tx.$executeRaw`UPDATE "OutboxJob" SET attempts = attempts + 1, "lastError" = ${f.error} WHERE id = ${f.id}`;
      }
      return { claimed: rows.length, dispatched: dispatched.length, failed: failed.length };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export interface OutboxRelay {
  stop: () => Promise<void>;
  /** Runs a pass now (coalesced with a running one). */
  kick: () => void;
  stats: { dispatched: number; failed: number; lastError: string | null; lastRunAt: Date | null };
}

/**
 * The relay loop of the worker process: LISTEN outbox on a dedicated connection (enqueueJob notifies on
 * commit, so a job usually reaches BullMQ within milliseconds) plus a poll every second, which catches
 * notifications missed while the listener reconnects and retries rows that failed while Redis was away.
 */
export function startOutboxRelay(args: {
  db: Db;
  queues: Queues;
  url?: string;
  pollMs?: number;
  batchSize?: number;
  log?: Log;
}): OutboxRelay {
  const url = args.url ?? getEnv().DATABASE_URL;
  const batchSize = args.batchSize ?? 100;
  const stats: OutboxRelay["stats"] = { dispatched: 0, failed: 0, lastError: null, lastRunAt: null };
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastWarnAt = 0;

  // While Redis or PostgreSQL is away every poll fails: say so once a minute, not every second.
  const warn = (o: object, m: string) => {
    if (Date.now() - lastWarnAt < 60_000) return;
    lastWarnAt = Date.now();
    args.log?.warn(o, m);
  };

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          let r: RelayResult;
          do {
            r = await relayOutboxOnce(args.db, args.queues, { batchSize, log: args.log });
            stats.lastRunAt = new Date();
            stats.dispatched += r.dispatched;
            stats.failed += r.failed;
            if (r.dispatched > 0) args.log?.info({ dispatched: r.dispatched }, "outbox jobs relayed");
            if (r.failed > 0) warn({ failed: r.failed }, "outbox relay: jobs kept in the outbox, retrying every second");
            // A full batch means more may be waiting: drain before sleeping.
          } while (!stopped && r.claimed === batchSize && r.failed === 0);
        } catch (err) {
          stats.lastError = message(err);
          warn({ err: stats.lastError }, "outbox relay pass failed; retrying");
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  const listener = listenPg(url, "outbox", "ggzy-outbox-relay", {
    onNotify: run,
    onUp: run,
    onDown: (err) => warn({ err: message(err) }, "outbox listener lost or not connected; polling until it listens again"),
  });

  const poll = setInterval(run, args.pollMs ?? 1000);

  return {
    stats,
    kick: run,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      await listener.stop();
      await running;
    },
  };
}

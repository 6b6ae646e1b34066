import { CENTRE_TZ } from "~/lib/time";
import { Worker, type Job } from "bullmq";
import { createRequire } from "node:module";
import { availableParallelism, hostname } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startAuditSealer } from "~/domain/audit/start-audit-sealer";
import { reconcileSchedule } from "~/domain/schedule/reconcile-schedule";
import { DEFAULT_BACKOFF_MS, QUEUES, type QueueName } from "~/jobs/define-job";
import { JOB_DEFINITIONS } from "~/jobs/definitions";
import { createQueues, type Queues, type QueuesHandle } from "~/jobs/queues.server";
import { startReconciler, type Reconciler } from "~/jobs/start-reconciler";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { createRedis } from "~/lib/redis.server";
import { startOutboxRelay, type OutboxRelay } from "./outbox-relay";
import { markOutboxJobDone, reconcileOutbox } from "./reconcile-outbox";
import { runJob } from "./run-job";

/**
 * Concurrency per queue. `documents` is CPU-bound (font subsetting, PDF layout): one job per child
 * process, as many children as spare cores allow (at most 2, so PDFs never starve the web server on a
 * small machine). The other queues mostly wait on PostgreSQL, so they run several jobs at once.
 */
const CONCURRENCY: Record<QueueName, number> = {
  documents: Math.max(1, Math.min(2, availableParallelism() - 1)),
  schedule: 5,
  notify: 10,
  maintenance: 2,
};

export interface WorkerOptions {
  /** Relay the outbox into BullMQ (default true). */
  relay?: boolean;
  /** Start the reconciler: schedule, outbox jobs lost by Redis, job schedulers (default true). */
  reconciler?: boolean;
  /** Seal the audit hash chain (default true). */
  sealer?: boolean;
  /** Upsert the recurring job schedulers (default true). */
  schedulers?: boolean;
  heartbeatMs?: number;
  /** Reconciler timings (tests). */
  reconcileIntervalMs?: number;
  sentinelMs?: number;
}

export interface WorkerHandle {
  workers: Worker[];
  queues: QueuesHandle;
  relay: OutboxRelay | null;
  reconciler: Reconciler | null;
  /** Graceful stop: relay and sealer first, then waits for active jobs, then closes connections. */
  close: () => Promise<void>;
}

/**
 * The sandboxed child must load TypeScript like this process does: under `tsx` it inherits the loader
 * flags; elsewhere (vitest) we add tsx's loader explicitly.
 */
function sandboxExecArgv(): string[] {
  if (process.execArgv.some((a) => a.includes("tsx"))) return process.execArgv;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return [...process.execArgv.filter((a) => !a.startsWith("--inspect")), "--import", loader];
}

export async function startWorker(opts: WorkerOptions = {}): Promise<WorkerHandle> {
  const env = getEnv();
  const prefix = env.QUEUE_PREFIX;
  // Blocking connection for the Workers: waits for Redis for ever (maxRetriesPerRequest: null).
  const connection = createRedis("worker");
  connection.on("error", (err) => logger.warn({ err: err.message }, "redis (worker) connection error"));
  // Producer connection for the relay and schedulers: fails fast so the outbox keeps what Redis refuses.
  const queues = createQueues();
  queues.connection.on("error", () => {});

  const workers = QUEUES.map((name) => {
    const common = { connection, prefix, concurrency: CONCURRENCY[name] };
    const worker =
      name === "documents"
        ? // PDF rendering runs in child processes (BullMQ sandbox), not on this event loop: a slow or
          // crashing render cannot stall the other queues, the relay or lock renewal, and a memory leak in
          // the font/PDF stack dies with its child. Child processes rather than worker_threads because
          // pdfkit/fontkit and Prisma keep large per-isolate state that is simpler to isolate completely.
          new Worker(name, fileURLToPath(new URL("./documents-processor.ts", import.meta.url)), {
            ...common,
            useWorkerThreads: false,
            workerForkOptions: { execArgv: sandboxExecArgv() },
          })
        : new Worker(name, (job: Job) => runJob(job), common);
    worker.on("active", (job) => logger.info({ queue: name, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 }, "job started"));
    worker.on("completed", (job, _r) => {
      logger.info({ queue: name, job: job.name, jobId: job.id, ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0) }, "job completed");
      if (job.id) void markOutboxJobDone(getDb(), job.id);
    });
    worker.on("failed", (job, err) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === "UnrecoverableError";
      (final ? logger.error.bind(logger) : logger.warn.bind(logger))(
        { queue: name, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
        final ? "job failed for good" : "job failed; will retry with backoff",
      );
      if (final && job?.id) void markOutboxJobDone(getDb(), job.id, `job failed for good: ${err.message}`.slice(0, 1000));
    });
    worker.on("stalled", (jobId) => logger.warn({ queue: name, jobId }, "job stalled; it will be retried"));
    worker.on("error", (err) => logger.error({ queue: name, err: err.message }, "worker error"));
    return worker;
  });

  const relay = opts.relay === false ? null : startOutboxRelay({ db: getDb(), queues: queues.queues, log: logger });
  const sealer = opts.sealer === false ? null : startAuditSealer({ log: logger });
  let schedulerRetry: NodeJS.Timeout | undefined;
  const upsertSchedulers = async () => {
    try {
      const n = await ensureSchedulers(queues.queues, { all: true });
      logger.info({ schedulers: n }, "job schedulers upserted");
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "cannot upsert job schedulers yet; retrying in 10 s");
      schedulerRetry = setTimeout(() => void upsertSchedulers(), 10_000);
    }
  };
  if (opts.schedulers !== false) void upsertSchedulers();

  // PostgreSQL is the truth, Redis a copy (issue 14): at start, every minute, and at once when a sentinel
  // key shows Redis lost its data, rebuild what is missing — the time-based transitions, every relayed job
  // that has not finished, and the recurring job schedulers.
  const reconciler =
    opts.reconciler === false
      ? null
      : startReconciler({
          queue: queues.queues.schedule,
          watch: Object.values(queues.queues),
          log: logger,
          intervalMs: opts.reconcileIntervalMs,
          sentinelMs: opts.sentinelMs,
          passes: {
            schedule: async () => ({ ...(await reconcileSchedule(getDb(), queues.queues.schedule)) }),
            outbox: async () => {
              const r = await reconcileOutbox(getDb(), queues.queues);
              if (r.redispatched) relay?.kick();
              return { ...r };
            },
            ...(opts.schedulers === false ? {} : { schedulers: async ({ wiped }) => ({ restored: await ensureSchedulers(queues.queues, { all: wiped }) }) }),
          },
        });

  // Heartbeat: a log line, and a Redis key with a TTL that operations pages can read (workers alive?).
  const heartbeatKey = `${prefix}:worker-heartbeat:${hostname()}:${process.pid}`;
  const beat = () => {
    const info = { at: new Date().toISOString(), pid: process.pid, rssMb: Math.round(process.memoryUsage().rss / 1e6), relay: relay?.stats };
    logger.info(info, "heartbeat");
    queues.connection.set(heartbeatKey, JSON.stringify(info), "EX", 90).catch(() => {});
  };
  const heartbeat = setInterval(beat, opts.heartbeatMs ?? 30_000);
  heartbeat.unref();

  logger.info({ queues: QUEUES, concurrency: CONCURRENCY, prefix }, "worker started");

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      clearTimeout(schedulerRetry);
      await reconciler?.stop();
      await relay?.stop();
      await sealer?.stop();
      // close() lets active jobs finish (sandboxed children included) and takes no new ones.
      await Promise.all(workers.map((w) => w.close()));
      await queues.connection.del(heartbeatKey).catch(() => {});
      await queues.close();
      await connection.quit().catch(() => connection.disconnect());
    })());

  return { workers, queues, relay, reconciler, close };
}

/**
 * Every definition with a `schedule` has one BullMQ job scheduler. `all`: upsert each (at boot, after a
 * wipe); otherwise only those missing from Redis. Returns how many were upserted.
 */
export async function ensureSchedulers(queues: Queues, opts: { all: boolean }): Promise<number> {
  let n = 0;
  for (const def of JOB_DEFINITIONS) {
    if (!def.schedule) continue;
    const q = queues[def.queue];
    const id = `${def.name}-schedule`;
    if (!opts.all && (await q.getJobScheduler(id))) continue;
    await q.upsertJobScheduler(
      id,
      { pattern: def.schedule.pattern, tz: def.schedule.tz ?? CENTRE_TZ },
      {
        name: def.name,
        data: def.schedule.scheduledPayload ?? {},
        opts: { attempts: def.attempts ?? 5, backoff: { type: "exponential", delay: def.backoffMs ?? DEFAULT_BACKOFF_MS } },
      },
    );
    n++;
  }
  return n;
}

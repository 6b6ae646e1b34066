import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "~/lib/env.server";
import { createRedis } from "~/lib/redis.server";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, QUEUES, type JobDefinition, type QueueName } from "./define-job";

export type Queues = Record<QueueName, Queue>;

export interface QueuesHandle {
  queues: Queues;
  connection: Redis;
  close: () => Promise<void>;
}

/**
 * BullMQ Queue objects (producers) for every queue, sharing one fail-fast connection: an add while Redis
 * is away rejects at once instead of hanging, which is what the outbox relay needs to keep the row and
 * retry later. Keys are prefixed with QUEUE_PREFIX so tests and several centres can share one Redis.
 */
export function createQueues(opts: { url?: string; prefix?: string; connection?: Redis } = {}): QueuesHandle {
  const connection = opts.connection ?? createRedis("producer", opts.url ?? getEnv().REDIS_URL);
  const prefix = opts.prefix ?? getEnv().QUEUE_PREFIX;
  const queues = Object.fromEntries(
    QUEUES.map((name) => {
      const q = new Queue(name, { connection, prefix });
      // Connection errors surface as rejected adds (handled by the caller); the event only needs a listener.
      q.on("error", () => {});
      return [name, q];
    }),
  ) as Queues;
  return {
    queues,
    connection,
    close: async () => {
      await Promise.allSettled(Object.values(queues).map((q) => q.close()));
      if (!opts.connection) connection.disconnect();
    },
  };
}

/** Options every job of a definition gets: deterministic id, retries with exponential backoff, bounded history. */
export function jobOptions(def: JobDefinition | undefined, jobId: string, delay = 0): JobsOptions {
  return {
    jobId,
    delay: Math.max(0, delay),
    attempts: def?.attempts ?? DEFAULT_ATTEMPTS,
    backoff: { type: "exponential", delay: def?.backoffMs ?? DEFAULT_BACKOFF_MS },
    // Completed jobs are kept a week: while a job is kept, re-adding its id is a no-op (the relay's dedup).
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "./env.server";

/**
 * Producers (the web app) fail fast when Redis is away: a request must not hang on a queue. That is safe
 * because jobs go through the outbox (PostgreSQL) and the worker relays them when Redis is back.
 * Workers wait for Redis forever (maxRetriesPerRequest: null), as BullMQ requires.
 */
export function createRedis(kind: "producer" | "worker" | "subscriber", url = getEnv().REDIS_URL): Redis {
  const opts: RedisOptions =
    kind === "producer"
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  return new Redis(url, { ...opts, lazyConnect: false });
}

const g = globalThis as unknown as { __redis?: Redis };

export function getRedis(): Redis {
  g.__redis ??= createRedis("producer");
  return g.__redis;
}

import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll } from "vitest";
import { resetEnvCache } from "~/lib/env.server";

/** A queue prefix of this test file's own; its keys are deleted after the file (as BullMQ's tests do). */
export function useQueuePrefix(): string {
  const prefix = `test-${randomBytes(5).toString("hex")}`;
  process.env.QUEUE_PREFIX = prefix;
  resetEnvCache();
  afterAll(async () => {
    const r = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    await deletePrefixKeys(r, prefix);
    await r.quit();
  });
  return prefix;
}

/** Deletes the keys under one queue prefix (never FLUSHALL: the Redis is shared); returns how many went. */
export async function deletePrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) n += await redis.del(...keys);
  } while (cursor !== "0");
  return n;
}

import type { Redis } from "ioredis";
import { getDb } from "./db.server";
import { getRedis } from "./redis.server";

/**
 * Liveness of the two things every request depends on. Short timeouts: a load balancer asking
 * /healthz must get an answer quickly, and a hung dependency is a failed one.
 */
export const HEALTH_TIMEOUT_MS = 1_500;

export type PartStatus = "ok" | "error" | "timeout";
export interface Health {
  status: "ok" | "error" | "shutting_down";
  db: PartStatus;
  redis: PartStatus;
}

class Timeout extends Error {}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function part(check: () => Promise<unknown>, ms: number): Promise<PartStatus> {
  try {
    await within(ms, check());
    return "ok";
  } catch (e) {
    return e instanceof Timeout ? "timeout" : "error";
  }
}

/** The producer connection refuses commands until connected (no offline queue): wait for it briefly. */
async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") {
    if (redis.status === "end") await redis.connect();
    await new Promise<void>((resolve, reject) => {
      const onReady = () => (cleanup(), resolve());
      const onError = (e: Error) => (cleanup(), reject(e));
      const cleanup = () => {
        redis.off("ready", onReady);
        redis.off("error", onError);
      };
      redis.once("ready", onReady);
      redis.once("error", onError);
    });
  }
  const pong = await redis.ping();
  if (pong !== "PONG") throw new Error(`unexpected PING reply ${pong}`);
}

export async function checkHealth(
  deps: { db?: () => Promise<unknown>; redis?: () => Promise<unknown> } = {},
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<Health> {
  if ((globalThis as { __shuttingDown?: boolean }).__shuttingDown) {
    // Tell the load balancer to stop sending traffic while in-flight requests finish.
    return { status: "shutting_down", db: "ok", redis: "ok" };
  }
  const [db, redis] = await Promise.all([
    part(deps.db ?? (() => getDb().$queryRawUnsafe("SELECT 1")), timeoutMs),
    part(deps.redis ?? (() => pingRedis(getRedis())), timeoutMs),
  ]);
  return { status: db === "ok" && redis === "ok" ? "ok" : "error", db, redis };
}

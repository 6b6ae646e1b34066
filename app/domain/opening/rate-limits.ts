import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/lib/env.server";
import { getRedis } from "~/lib/redis.server";

/**
 * Per-organisation limits on what a bidder can push into a hall's record: objections (3 a minute) and key
 * releases (10 a minute — each wrong key is an event every viewer receives). Counted in Redis so every app
 * instance shares the count; when Redis is away an in-memory limiter counts per instance instead of refusing.
 */
export const LIMITS = {
  objection: { points: 3, duration: 60, code: "opening:errors.tooManyObjections" },
  keyRelease: { points: 10, duration: 60, code: "opening:errors.tooManyAttempts" },
} as const;

const limiters = new Map<keyof typeof LIMITS, RateLimiterRedis>();

function limiter(kind: keyof typeof LIMITS): RateLimiterRedis {
  let l = limiters.get(kind);
  if (!l) {
    const { points, duration } = LIMITS[kind];
    l = new RateLimiterRedis({
      storeClient: getRedis(),
      keyPrefix: `${getEnv().QUEUE_PREFIX}:rl:hall-${kind}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
    limiters.set(kind, l);
  }
  return l;
}

/** Counts one action of `orgId` in hall `sessionId`; over the limit → 429 with the seconds to wait. */
export async function consumeHallLimit(kind: keyof typeof LIMITS, sessionId: string, orgId: string): Promise<void> {
  try {
    await limiter(kind).consume(`${sessionId}:${orgId}`);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw new DomainError(LIMITS[kind].code, { seconds: Math.ceil(e.msBeforeNext / 1000) }, 429);
    throw e;
  }
}

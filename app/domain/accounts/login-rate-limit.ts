import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/lib/env.server";
import { getRedis } from "~/lib/redis.server";

/**
 * Per-IP throttle on login attempts (password and TOTP), in Redis so that every web instance counts
 * together. Generous enough for a government office behind one NAT address; the per-account lockout
 * is what stops guessing a given password. When Redis is away the in-memory insurance limiter counts
 * per instance instead: a login must not fail because Redis blinked.
 */
export const LOGIN_ATTEMPTS_PER_IP = 60;
export const LOGIN_WINDOW_SECONDS = 10 * 60;

let limiter: RateLimiterRedis | undefined;
let limiterPrefix: string | undefined;

function getLimiter(): RateLimiterRedis {
  const prefix = `${getEnv().QUEUE_PREFIX}:rl:login`;
  if (!limiter || limiterPrefix !== prefix) {
    limiterPrefix = prefix;
    limiter = new RateLimiterRedis({
      storeClient: getRedis(),
      keyPrefix: prefix,
      points: LOGIN_ATTEMPTS_PER_IP,
      duration: LOGIN_WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: LOGIN_ATTEMPTS_PER_IP, duration: LOGIN_WINDOW_SECONDS }),
    });
  }
  return limiter;
}

/** Counts one attempt from `ip`; throws 429 with the wait in seconds when the budget is spent. */
export async function consumeLoginAttempt(ip: string): Promise<void> {
  try {
    await getLimiter().consume(ip || "unknown");
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      throw new DomainError("accounts:errors.tooManyAttempts", { seconds: Math.ceil(e.msBeforeNext / 1000) }, 429);
    }
    // Neither Redis nor the insurance limiter answered: let the login proceed (lockout still applies).
  }
}

import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/lib/env.server";
import { getRedis } from "~/lib/redis.server";

/**
 * Per-IP throttle on failed logins (password, TOTP, an expert's sign-in code), in Redis so that every web
 * instance counts together. Only refusals count (rate-limiter-flexible's "login endpoint protection"
 * pattern): a government office behind one NAT address signs in dozens of people each morning, and those
 * successes must not lock the next colleague out. The per-account lockout is what stops guessing a given
 * password; this stops spraying many accounts from one address. When Redis is away the in-memory
 * insurance limiter counts per instance instead: a login must not fail because Redis blinked.
 */
export const LOGIN_FAILURES_PER_IP = 60;
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
      points: LOGIN_FAILURES_PER_IP,
      duration: LOGIN_WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: LOGIN_FAILURES_PER_IP, duration: LOGIN_WINDOW_SECONDS }),
    });
  }
  return limiter;
}

const tooMany = (res: RateLimiterRes) =>
  new DomainError("accounts:errors.tooManyAttempts", { seconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) }, 429);

/** Refuses (429, with the wait in seconds) an attempt from `ip` once its failures in the window are spent. */
export async function assertLoginAllowed(ip: string): Promise<void> {
  let res: RateLimiterRes | null = null;
  try {
    res = await getLimiter().get(ip || "unknown");
  } catch {
    // Neither Redis nor the insurance limiter answered: let the login proceed (lockout still applies).
  }
  if (res && res.consumedPoints >= LOGIN_FAILURES_PER_IP) throw tooMany(res);
}

/** Counts one refused attempt from `ip` (never throws: the caller is already refusing). */
export async function countLoginFailure(ip: string): Promise<void> {
  try {
    await getLimiter().penalty(ip || "unknown", 1);
  } catch {
    // Not counted this once; the per-account lockout is on record in PostgreSQL regardless.
  }
}

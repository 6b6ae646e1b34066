import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "~/domain/errors";
import { getEnv } from "~/lib/env.server";
import { getRedis } from "~/lib/redis.server";

/**
 * Per-IP limit on self-registration (issue 13 item 9), on the login throttle's infrastructure (Redis shared by
 * every web instance, an in-memory insurance limiter when Redis is away). Every well-formed application counts,
 * whether it is new or collides with an existing account — the limiter must not itself tell the two apart.
 * Forms refused for their format are not counted (they reveal nothing and store nothing). A company registers
 * once; ten applications an hour from one address leave room for an office behind one NAT address.
 */
export const REGISTRATIONS_PER_IP = 10;
export const REGISTRATION_WINDOW_SECONDS = 60 * 60;

let limiter: RateLimiterRedis | undefined;
let limiterPrefix: string | undefined;

function getLimiter(): RateLimiterRedis {
  const prefix = `${getEnv().QUEUE_PREFIX}:rl:register`;
  if (!limiter || limiterPrefix !== prefix) {
    limiterPrefix = prefix;
    limiter = new RateLimiterRedis({
      storeClient: getRedis(),
      keyPrefix: prefix,
      points: REGISTRATIONS_PER_IP,
      duration: REGISTRATION_WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: REGISTRATIONS_PER_IP, duration: REGISTRATION_WINDOW_SECONDS }),
    });
  }
  return limiter;
}

/** Counts one application from `ip`; refuses it (429, with the wait in minutes) once the window's are spent. */
export async function consumeRegistrationAttempt(ip: string): Promise<void> {
  try {
    await getLimiter().consume(ip || "unknown", 1);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      throw new DomainError("accounts:errors.tooManyRegistrations", { minutes: Math.max(1, Math.ceil(e.msBeforeNext / 60_000)) }, 429);
    }
    // Neither Redis nor the insurance limiter answered: let the application proceed.
  }
}

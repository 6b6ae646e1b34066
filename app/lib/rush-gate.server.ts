import type { Redis } from "ioredis";
import { getEnv } from "./env.server";
import { getRedis } from "./redis.server";

/**
 * "Bids are being finalised right now" (issue 15: the rush has priority). Every finalise refreshes a short-
 * lived Redis key; the documents worker does not start a render while it exists, so receipt PDFs and other
 * documents wait for the cores until the rush is over — never the other way round. A receipt's number,
 * instant and hashes are in the finalise response; its PDF is not needed in the request path. Best effort:
 * without Redis nobody waits. A render waits at most RUSH_MAX_WAIT_MS, so documents still come during a
 * rush that never ends.
 */
export const RUSH_HOLD_MS = 2_000;
export const RUSH_MAX_WAIT_MS = 60_000;

const key = () => `${getEnv().QUEUE_PREFIX}:rush:finalise`;
let lastMark = 0;

/** Called by finalise: one Redis write per process per half second at most, never awaited. */
export function markRush(redis: Redis = getRedis()): void {
  const now = Date.now();
  if (now - lastMark < RUSH_HOLD_MS / 4) return; // the hold was refreshed a moment ago
  lastMark = now;
  // A mark that did not reach Redis (a connection still coming up) must not silence the next ones.
  redis.set(key(), "1", "PX", RUSH_HOLD_MS).catch(() => {
    if (lastMark === now) lastMark = 0;
  });
}

/** Resolves once no finalise has run for RUSH_HOLD_MS (or after maxMs); returns how long it waited. */
export async function waitWhileRush(redis: Redis, maxMs = RUSH_MAX_WAIT_MS): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    const pttl = await redis.pttl(key()).catch(() => -2);
    if (pttl <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(pttl, 500)));
  }
  return Date.now() - start;
}

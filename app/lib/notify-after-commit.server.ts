import { getDb, type Db } from "./db.server";
import { logger } from "./logger.server";

/**
 * PostgreSQL serialises the commits of all transactions that NOTIFY (one lock held through the commit's WAL
 * flush; see also append-audit.ts). A hot path — finalise in the deadline rush — therefore writes its
 * outbox row and in-app notification WITHOUT notifying, and calls this after commit: the (channel,
 * payload) pairs of every request of the last few milliseconds go out in ONE notifying statement, off the
 * request's path. Losing them is harmless: the outbox relay also polls every second, and the bell hub
 * recounts on reconnect (a badge is late, never wrong).
 */
const FLUSH_MS = 50;

let pending: { channel: string; payload: string }[] = [];
let timer: NodeJS.Timeout | undefined;
let target: Db | undefined;

export function notifyAfterCommit(pairs: readonly { channel: string; payload: string }[], db: Db = getDb()): void {
  if (pairs.length === 0) return;
  pending.push(...pairs);
  target = db;
  timer ??= setTimeout(flush, FLUSH_MS);
}

async function flush() {
  const batch = pending;
  const db = target!;
  pending = [];
  timer = undefined;
  // One notification per distinct pair (PostgreSQL would fold duplicates within a transaction anyway).
  const unique = [...new Map(batch.map((p) => [`${p.channel}\u0000${p.payload}`, p])).values()];
  try {
    await db.$executeRaw`SELECT pg_notify(c, p) FROM unnest(${unique.map((u) => u.channel)}::text[], ${unique.map((u) => u.payload)}::text[]) AS t(c, p)`;
  } catch (err) {
    logger.warn({ err, count: unique.length }, "deferred NOTIFY failed (the relay's poll and the hub's recount cover it)");
  }
}

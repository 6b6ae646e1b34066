import type { Db, Tx } from "~/lib/db.server";

/** One event of a hall's stream, as stored, sent over SSE (id = seq) and published on Redis. */
export interface HallEvent {
  sessionId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  /** ISO instant (database clock). */
  at: string;
}

/**
 * Event types (payloads never carry a price or a bidder name before "reading"):
 * hall.opened, attendance.signed_in {count}, hall.started {bidCount, decryptionEndsAt}, hall.failed {bidCount},
 * bid.decrypted {ordinal}, bid.decryption_failed {ordinal, code}, bid.tampered {ordinal},
 * decryption.closed {notDecrypted}, bid.settled {ordinal, fault}, reading {rows}, objection.raised
 * {id, text, ordinal}, objection.answered {id, answer}, confirmation.started {endsAt},
 * confirmation.recorded {ordinal, kind}, hall.closed, record.ready {documentId}.
 */
const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))) as Record<string, unknown>;

/**
 * Appends an event in the caller's transaction. The seq comes from UPDATE … RETURNING on the session row:
 * it locks the row until commit, so a session's events are numbered without gaps and become visible in
 * seq order — a reader that has seen seq N has seen every event before it.
 */
export async function appendHallEvent(tx: Tx, sessionId: string, type: string, payload: Record<string, unknown> = {}): Promise<HallEvent> {
  const [row] = await tx.$queryRaw<{ seq: number; at: Date }[]>`
    UPDATE "OpeningSession" SET "lastSeq" = "lastSeq" + 1 WHERE id = ${sessionId}::uuid
    RETURNING "lastSeq" AS seq, clock_timestamp() AS at`;
  if (!row) throw new Error(`appendHallEvent: no session ${sessionId}`);
  const body = json(payload);
  await tx.openingEvent.create({ data: { sessionId, seq: row.seq, type, payload: body as object, at: row.at } });
  return { sessionId, seq: row.seq, type, payload: body, at: row.at.toISOString() };
}

/** Events with seq > afterSeq, in order (replay for SSE reconnection and the hub's catch-up). */
export async function listHallEventsSince(db: Db | Tx, sessionId: string, afterSeq: number, limit = 1000): Promise<HallEvent[]> {
  const rows = await db.openingEvent.findMany({
    where: { sessionId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map((r) => ({ sessionId, seq: r.seq, type: r.type, payload: r.payload as Record<string, unknown>, at: r.at.toISOString() }));
}

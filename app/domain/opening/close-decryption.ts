import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { DomainError } from "~/domain/errors";
import { evaluateAlertRulesJob, scanBidDocumentsJob } from "~/domain/supervision/jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { assertHost, loadSession } from "./hall-access";
import { moveHall } from "./hall-machine";
import { hallTx, type Emit } from "./hall-tx";
import { buildReading } from "./reading";

/**
 * Ends the decryption window and reads out (唱标): bids still PENDING become NOT_DECRYPTED (their fault is
 * then recorded by the host, settleUndecrypted), the session moves to READING, and ONE "reading" event
 * carries the whole table — every viewer of every instance renders it from that one event, at once.
 */
async function closeAndRead(tx: Tx, emit: Emit, actor: Actor, sessionId: string) {
  const now = await dbNow(tx);
  await moveHall(tx, sessionId, "DECRYPTING", "close_decryption", { readAt: now });
  const pending = await tx.bidDecryption.findMany({ where: { sessionId, status: "PENDING" }, select: { ordinal: true } });
  await tx.bidDecryption.updateMany({ where: { sessionId, status: "PENDING" }, data: { status: "NOT_DECRYPTED" } });
  const rows = await buildReading(tx, sessionId);
  await emit("decryption.closed", { notDecrypted: pending.map((p) => p.ordinal) });
  await emit("reading", { rows });
  await appendAudit(tx, actor, {
    action: "opening.read",
    entityType: "OpeningSession",
    entityId: sessionId,
    detail: { rows: rows.map((r) => ({ ordinal: r.ordinal, bidId: r.bidId, status: r.status, totalPriceFen: r.totalPriceFen })) },
  });
  // Supervision: the price rules can look now; the PDFs' metadata is read by the worker (issue 7 §3).
  await enqueueJob(tx, evaluateAlertRulesJob, { trigger: "reading", key: sessionId });
  await enqueueJob(tx, scanBidDocumentsJob, { sessionId });
  return rows;
}

/** The host closes the window early — only once no bid is waiting for its key. */
export async function closeDecryption(actor: Actor, input: { lotId: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  await assertHost(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  return hallTx(s.id, async (tx, emit) => {
    const waiting = await tx.bidDecryption.count({ where: { sessionId: s.id, status: "PENDING" } });
    if (waiting > 0) throw new DomainError("opening:errors.bidsStillPending", { count: waiting }, 409);
    return closeAndRead(tx, emit, actor, s.id);
  }, db);
}

/** The delayed job at decryptionEndsAt: acts only if the session still ends at that instant. */
export async function closeDecryptionOnSchedule(input: { sessionId: string; endsAtMs: number }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  const s = await db.openingSession.findUnique({ where: { id: input.sessionId } });
  if (!s || s.state !== "DECRYPTING" || s.decryptionEndsAt?.getTime() !== input.endsAtMs) return { outcome: "STALE" as const };
  const wait = input.endsAtMs - Date.now();
  if (wait > 5_000) throw new Error(`decryption window of ${input.sessionId} woke ${wait} ms early; retrying`);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  try {
    await hallTx(s.id, (tx, emit) => closeAndRead(tx, emit, systemActor("opening"), s.id), db);
    return { outcome: "CLOSED" as const };
  } catch (e) {
    if (e instanceof DomainError && e.code === "opening:errors.hallStateChanged") return { outcome: "STALE" as const };
    throw e;
  }
}

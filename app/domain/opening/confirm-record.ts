import { z } from "zod";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { assertBidder, loadSession } from "./hall-access";
import { moveHall } from "./hall-machine";
import { hallTx, type Emit } from "./hall-tx";
import { renderOpeningRecord } from "./jobs";

export const confirmSchema = z.discriminatedUnion("kind", [
  z.object({ lotId: z.uuid(), kind: z.literal("CONFIRMED") }),
  z.object({ lotId: z.uuid(), kind: z.literal("DISAGREED"), reason: z.string().trim().min(2).max(2000) }),
]);

const SYSTEM = systemActor("opening");

/**
 * Closes the hall: every bidder that has not answered is recorded SILENT, the session is CLOSED, the lot
 * moves on to evaluation and the worker renders the 开标记录表 (renderOpeningRecord).
 */
export async function closeHall(tx: Tx, emit: Emit, sessionId: string) {
  const s = await tx.openingSession.findUniqueOrThrow({ where: { id: sessionId } });
  const now = await dbNow(tx);
  await moveHall(tx, sessionId, "CONFIRMING", "close", { closedAt: now });
  const bidders = await tx.bidDecryption.findMany({ where: { sessionId }, select: { bidderOrgId: true, ordinal: true } });
  const answered = new Set((await tx.recordConfirmation.findMany({ where: { sessionId }, select: { orgId: true } })).map((c) => c.orgId));
  const silent = bidders.filter((b) => !answered.has(b.bidderOrgId));
  if (silent.length) {
    await tx.recordConfirmation.createMany({ data: silent.map((b) => ({ sessionId, orgId: b.bidderOrgId, kind: "SILENT" as const, at: now })) });
  }
  await transitionLot(tx, SYSTEM, s.lotId, "start_evaluation", { expectedStatus: "OPENING", detail: { openingSessionId: sessionId } });
  await enqueueJob(tx, renderOpeningRecord, { sessionId });
  await emit("hall.closed", { silent: silent.map((b) => b.ordinal) });
  await appendAudit(tx, SYSTEM, { action: "opening.closed", entityType: "OpeningSession", entityId: sessionId, detail: { lotId: s.lotId, silent: silent.length } });
}

/** A bidder confirms the opening record or states its disagreement (once). The last answer closes the hall. */
export async function confirmRecord(actor: Actor, raw: unknown, deps: { db?: Db } = {}) {
  const input = parseInput(confirmSchema, raw);
  const db = deps.db ?? getDb();
  const orgId = await assertBidder(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  return hallTx(s.id, async (tx, emit) => {
    const cur = await tx.openingSession.findUniqueOrThrow({ where: { id: s.id }, select: { state: true, confirmationEndsAt: true } });
    const now = await dbNow(tx);
    if (cur.state !== "CONFIRMING" || !cur.confirmationEndsAt || now >= cur.confirmationEndsAt) {
      throw new DomainError("opening:errors.confirmationClosed", {}, 409);
    }
    const d = await tx.bidDecryption.findFirst({ where: { sessionId: s.id, bidderOrgId: orgId }, select: { ordinal: true } });
    if (!d) throw new DomainError("opening:errors.notYourBid", {}, 403);
    const reason = input.kind === "DISAGREED" ? input.reason : null;
    const r = await tx.recordConfirmation.createMany({
      data: [{ sessionId: s.id, orgId, userId: actor.userId, kind: input.kind, reason, at: now }],
      skipDuplicates: true,
    });
    if (r.count === 0) throw new DomainError("opening:errors.alreadyConfirmed", {}, 409);
    await emit("confirmation.recorded", { ordinal: d.ordinal, kind: input.kind, reason });
    await appendAudit(tx, actor, { action: "opening.record_confirmed", entityType: "OpeningSession", entityId: s.id, detail: { lotId: input.lotId, kind: input.kind, reason } });
    const [bidders, answers] = await Promise.all([
      tx.bidDecryption.count({ where: { sessionId: s.id } }),
      tx.recordConfirmation.count({ where: { sessionId: s.id } }),
    ]);
    if (answers >= bidders) await closeHall(tx, emit, s.id);
    return { kind: input.kind, closed: answers >= bidders };
  }, db);
}

/** The delayed job at confirmationEndsAt: records silence and closes, unless already closed or moved. */
export async function closeConfirmationsOnSchedule(input: { sessionId: string; endsAtMs: number }, deps: { db?: Db } = {}) {
  const db = deps.db ?? getDb();
  const s = await db.openingSession.findUnique({ where: { id: input.sessionId } });
  if (!s || s.state !== "CONFIRMING" || s.confirmationEndsAt?.getTime() !== input.endsAtMs) return { outcome: "STALE" as const };
  const wait = input.endsAtMs - Date.now();
  if (wait > 5_000) throw new Error(`confirmation limit of ${input.sessionId} woke ${wait} ms early; retrying`);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  try {
    await hallTx(s.id, (tx, emit) => closeHall(tx, emit, s.id), db);
    return { outcome: "CLOSED" as const };
  } catch (e) {
    if (e instanceof DomainError && e.code === "opening:errors.hallStateChanged") return { outcome: "STALE" as const };
    throw e;
  }
}

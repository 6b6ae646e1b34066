import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertBidder, assertHost, loadSession } from "./hall-access";
import { hallTx } from "./hall-tx";
import { consumeHallLimit } from "./rate-limits";

const OPEN_FOR_OBJECTIONS = ["SIGN_IN", "DECRYPTING", "READING", "CONFIRMING"];

export const raiseSchema = z.object({ lotId: z.uuid(), text: z.string().trim().min(2).max(2000) });
export const answerSchema = z.object({ lotId: z.uuid(), objectionId: z.uuid(), answer: z.string().trim().min(2).max(4000) });

/** A bidder raises an objection in the hall (开标现场异议); the host answers it there (answerHallObjection). */
export async function raiseHallObjection(actor: Actor, raw: unknown, deps: { db?: Db } = {}) {
  assertCan(actor, "objection.raise");
  const input = parseInput(raiseSchema, raw);
  const db = deps.db ?? getDb();
  const orgId = await assertBidder(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  if (!OPEN_FOR_OBJECTIONS.includes(s.state)) throw new DomainError("opening:errors.wrongStep", { state: s.state, event: "objection" }, 409);
  // Objections are part of the record: a flood from one organisation would drown the hall.
  await consumeHallLimit("objection", s.id, orgId);
  return hallTx(s.id, async (tx, emit) => {
    const now = await dbNow(tx);
    const o = await tx.hallObjection.create({ data: { sessionId: s.id, orgId, userId: actor.userId, text: input.text, raisedAt: now } });
    const d = await tx.bidDecryption.findFirst({ where: { sessionId: s.id, bidderOrgId: orgId }, select: { ordinal: true } });
    await emit("objection.raised", { id: o.id, text: o.text, ordinal: d?.ordinal ?? null });
    await appendAudit(tx, actor, { action: "opening.objection_raised", entityType: "HallObjection", entityId: o.id, after: o, detail: { lotId: input.lotId } });
    return { id: o.id };
  }, db);
}

export async function answerHallObjection(actor: Actor, raw: unknown, deps: { db?: Db } = {}) {
  const input = parseInput(answerSchema, raw);
  const db = deps.db ?? getDb();
  await assertHost(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  return hallTx(s.id, async (tx, emit) => {
    const now = await dbNow(tx);
    const { count } = await tx.hallObjection.updateMany({
      where: { id: input.objectionId, sessionId: s.id, answeredAt: null },
      data: { answer: input.answer, answeredAt: now, answeredById: actor.userId },
    });
    if (count === 0) throw new DomainError("opening:errors.objectionNotOpen", {}, 409);
    await emit("objection.answered", { id: input.objectionId, answer: input.answer });
    await appendAudit(tx, actor, { action: "opening.objection_answered", entityType: "HallObjection", entityId: input.objectionId, detail: { lotId: input.lotId, answer: input.answer } });
    return { id: input.objectionId };
  }, db);
}

import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";

export const answerSchema = z.object({ clarificationId: z.uuid(), answer: z.string().trim().min(2).max(5000) });

/** The bidder's written answer, once, before the deadline; it reaches the committee only (never merged into the bid). */
export async function answerClarification(actor: Actor, raw: unknown, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  const input = parseInput(answerSchema, raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "EvaluationClarification" WHERE id = ${input.clarificationId}::uuid FOR UPDATE`;
    const c = await tx.evaluationClarification.findUnique({ where: { id: input.clarificationId } });
    if (!c || c.bidderOrgId !== actor.orgId) throw new DomainError("evaluation:errors.clarificationNotFound", {}, 404);
    if (c.answer) throw new DomainError("evaluation:errors.alreadyAnswered", {}, 409);
    const now = new Date();
    if (now > c.dueAt) throw new DomainError("evaluation:errors.clarificationClosed", {}, 409);
    await tx.evaluationClarification.update({ where: { id: c.id }, data: { answer: input.answer, answeredAt: now, answeredById: actor.userId } });
    await appendAudit(tx, actor, { action: "evaluation.clarification_answered", entityType: "EvaluationClarification", entityId: c.id, after: { answer: input.answer }, detail: { sessionId: c.sessionId } });
    return { ok: true };
  });
}

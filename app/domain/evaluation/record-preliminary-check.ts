import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertStage, memberOf, requirementsOfSession } from "./evaluation-access";

export const preliminarySchema = z
  .object({ lotId: z.uuid(), evaluationBidId: z.uuid(), requirementKey: z.string().max(40), pass: z.boolean(), reason: z.string().trim().max(1000).default("") })
  .refine((x) => x.pass || x.reason.length >= 2, { path: ["reason"] });

/**
 * 初步评审: a member records pass or fail of one bid on one requirement; a fail needs a reason (the clause
 * is the requirement's). A member's checks change until scoring starts. Rejection is a separate committee
 * decision (proposeRejection / voteRejection).
 */
export async function recordPreliminaryCheck(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(preliminarySchema, raw);
  const { session, member } = await memberOf(db, actor, input.lotId, { declared: true });
  assertStage(session, "REVIEW");
  const req = requirementsOfSession(session).find((r) => r.key === input.requirementKey);
  if (!req) throw new DomainError("evaluation:errors.unknownRequirement", {}, 422, "requirementKey");
  const bid = await db.evaluationBid.findFirst({ where: { id: input.evaluationBidId, sessionId: session.id } });
  if (!bid) throw new DomainError("evaluation:errors.unknownBid", {}, 422, "evaluationBidId");
  const reason = input.pass ? input.reason : `${input.reason}（${req.clause}）`;
  await db.$transaction(async (tx) => {
    const data = { sessionId: session.id, pass: input.pass, reason, at: new Date() };
    await tx.preliminaryCheck.upsert({
      where: { memberId_evaluationBidId_requirementKey: { memberId: member.id, evaluationBidId: bid.id, requirementKey: req.key } },
      create: { memberId: member.id, evaluationBidId: bid.id, requirementKey: req.key, ...data },
      update: data,
    });
    await appendAudit(tx, actor, { action: "evaluation.preliminary_check", entityType: "EvaluationBid", entityId: bid.id, detail: { lotId: input.lotId, seat: member.seat, requirement: req.key, pass: input.pass } });
  });
  return { ok: true };
}

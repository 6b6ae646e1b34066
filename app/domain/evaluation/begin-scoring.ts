import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { moveStage } from "./advance-stage";
import { assertStage, lockEvaluation, memberOf } from "./evaluation-access";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const beginScoringSchema = z.object({ lotId: z.uuid() });

/**
 * The chair closes 初步评审 and opens 详细评审: no 否决 proposal may be open, no clarification may be
 * waiting for its answer (before its deadline), and at least one bid must remain valid.
 */
export async function beginScoring(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(beginScoringSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, lotId);
    const { member } = await memberOf(tx, actor, lotId, { session, declared: true });
    assertStage(session, "REVIEW");
    if (session.chairMemberId !== member.id) throw new DomainError("evaluation:errors.chairOnly", {}, 403);
    if (await tx.rejectionProposal.count({ where: { sessionId: session.id, adopted: null } })) throw new DomainError("evaluation:errors.proposalsOpen", {}, 409);
    const waiting = await tx.evaluationClarification.count({ where: { sessionId: session.id, answer: null, dueAt: { gt: new Date() } } });
    if (waiting) throw new DomainError("evaluation:errors.clarificationsOpen", { count: waiting }, 409);
    const valid = await tx.evaluationBid.count({ where: { sessionId: session.id, status: "VALID" } });
    if (valid === 0) throw new DomainError("evaluation:errors.noValidBids", {}, 409);
    await moveStage(tx, session.id, "REVIEW", "SCORING", { valid });
    await appendAudit(tx, actor, { action: "evaluation.scoring_opened", entityType: "EvaluationSession", entityId: session.id, detail: { lotId, seat: member.seat, valid } });
    return { stage: "SCORING" as const };
  }, TX);
}

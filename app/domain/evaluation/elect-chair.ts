import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { advanceIfReady } from "./advance-stage";
import { assertStage, lockEvaluation, memberOf } from "./evaluation-access";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const electSchema = z.object({ lotId: z.uuid(), candidateId: z.uuid() });

/**
 * 推选评标委员会主任: each member votes for a seated member (themselves included); the first candidate with
 * a majority of the seated members is the chair (recorded, audited). A member may change their vote until then.
 */
export async function electChair(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(electSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session, declared: true });
    assertStage(session, "SIGN_IN");
    if (session.chairMemberId) throw new DomainError("evaluation:errors.chairElected", {}, 409);
    const candidate = await tx.evaluationMember.findFirst({ where: { id: input.candidateId, sessionId: session.id, status: "SEATED" } });
    if (!candidate) throw new DomainError("evaluation:errors.notAMember", {}, 422, "candidateId");
    await tx.evaluationMember.update({ where: { id: member.id }, data: { chairVoteId: candidate.id } });
    const seated = await tx.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, select: { chairVoteId: true } });
    const votes = seated.filter((m) => m.chairVoteId === candidate.id).length;
    await appendAudit(tx, actor, { action: "evaluation.chair_vote", entityType: "EvaluationMember", entityId: member.id, detail: { lotId: input.lotId, seat: member.seat, forSeat: candidate.seat } });
    if (votes * 2 > seated.length) {
      await tx.evaluationSession.update({ where: { id: session.id }, data: { chairMemberId: candidate.id } });
      await appendAudit(tx, actor, { action: "evaluation.chair_elected", entityType: "EvaluationSession", entityId: session.id, detail: { lotId: input.lotId, seat: candidate.seat, votes, of: seated.length } });
      await advanceIfReady(tx, session.id);
      return { elected: true, seat: candidate.seat };
    }
    return { elected: false, votes };
  }, TX);
}

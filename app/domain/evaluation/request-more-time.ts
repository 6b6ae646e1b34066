import { z } from "zod";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { moreTimeDue } from "~/domain/rules/statutory/more-time-share";
import { getDb, type Db } from "~/lib/db.server";
import { lockEvaluation, memberOf, paramsOfSession } from "./evaluation-access";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const moreTimeSchema = z.object({ lotId: z.uuid() });

/**
 * A member finds the time too short (实施条例第四十八条): recorded once per member; when more than the
 * rule's share (1/3) of the seated members have asked, the clock is extended by the centre's
 * `extendHours` (rule moreTimeShare), audited, and the requests start over for a further extension.
 */
export async function requestMoreTime(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(moreTimeSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, lotId);
    const { member } = await memberOf(tx, actor, lotId, { session, declared: true });
    if (session.stage === "DONE") throw new DomainError("evaluation:errors.wrongStage", { stage: session.stage }, 409);
    if (member.moreTimeAt) throw new DomainError("evaluation:errors.moreTimeAsked", {}, 409);
    await tx.evaluationMember.update({ where: { id: member.id }, data: { moreTimeAt: new Date() } });
    await appendAudit(tx, actor, { action: "evaluation.more_time_requested", entityType: "EvaluationMember", entityId: member.id, detail: { lotId, seat: member.seat } });
    const seated = await tx.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, select: { moreTimeAt: true } });
    const asking = seated.filter((m) => m.moreTimeAt).length;
    const p = paramsOfSession(session);
    if (!moreTimeDue({ members: seated.length, asking }, { numerator: p.moreTimeNumerator, denominator: p.moreTimeDenominator, extendHours: p.extendHours })) {
      return { extended: false, asking, members: seated.length };
    }
    const dueAt = new Date(session.dueAt.getTime() + p.extendHours * 3_600_000);
    await tx.evaluationSession.update({ where: { id: session.id }, data: { dueAt, extensions: { increment: 1 } } });
    await tx.evaluationMember.updateMany({ where: { sessionId: session.id }, data: { moreTimeAt: null } });
    await appendAudit(tx, systemActor("evaluation"), {
      action: "evaluation.extended",
      entityType: "EvaluationSession",
      entityId: session.id,
      before: { dueAt: session.dueAt },
      after: { dueAt },
      detail: { lotId, asking, members: seated.length, hours: p.extendHours, dueAt: dueAt.toISOString() },
    });
    return { extended: true, dueAt, asking, members: seated.length };
  }, TX);
}

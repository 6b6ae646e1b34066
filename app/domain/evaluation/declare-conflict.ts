import { z } from "zod";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { fillSeat } from "~/domain/draw/call-next-backup";
import { DomainError } from "~/domain/errors";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { advanceIfReady } from "./advance-stage";
import { lockEvaluation, memberOf } from "./evaluation-access";
import { notifyMembersToSignIn } from "./start-evaluation";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const declareSchema = z.discriminatedUnion("conflict", [
  z.object({ lotId: z.uuid(), conflict: z.literal(false) }),
  z.object({ lotId: z.uuid(), conflict: z.literal(true), note: z.string().trim().min(2).max(500) }),
]);

/**
 * 回避声明 against the bidder list the member now sees. No conflict: the member may work. A conflict
 * (招标投标法实施条例第四十六条): the member leaves the committee, their work is void (sheet VOID, checks and
 * votes dropped), and the seat is filled through the draw machinery — the next backup of the specialty is
 * called (fillSeat, audited as the draw's) and takes the same seat number, signing in with a code.
 */
export async function declareConflict(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(declareSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session });
    if (member.conflict !== null) throw new DomainError("evaluation:errors.alreadyDeclared", {}, 409);
    if (session.stage === "SIGNING" || session.stage === "DONE") throw new DomainError("evaluation:errors.wrongStage", { stage: session.stage }, 409);
    const now = new Date();
    if (!input.conflict) {
      await tx.evaluationMember.update({ where: { id: member.id }, data: { declaredAt: now, conflict: false } });
      await appendAudit(tx, actor, { action: "evaluation.declared", entityType: "EvaluationMember", entityId: member.id, detail: { lotId: input.lotId, seat: member.seat, conflict: false } });
      await advanceIfReady(tx, session.id);
      return { conflict: false as const };
    }
    await tx.evaluationMember.update({ where: { id: member.id }, data: { declaredAt: now, conflict: true, conflictNote: input.note, status: "REMOVED", removedAt: now } });
    await voidWork(tx, session.id, member.id);
    if (session.chairMemberId === member.id) await tx.evaluationSession.update({ where: { id: session.id }, data: { chairMemberId: null } });
    await appendAudit(tx, actor, { action: "evaluation.declared", entityType: "EvaluationMember", entityId: member.id, detail: { lotId: input.lotId, seat: member.seat, conflict: true } });
    const replacement = await replaceSeat(tx, session.id, input.lotId, member);
    return { conflict: true as const, replacement };
  }, TX);
}

/** 实施条例第四十八条第三款: a replaced member's evaluation is void. */
async function voidWork(tx: Tx, sessionId: string, memberId: string) {
  await tx.scoreSheet.updateMany({ where: { memberId }, data: { status: "VOID" } });
  await tx.preliminaryCheck.deleteMany({ where: { memberId } });
  await tx.rejectionVote.deleteMany({ where: { memberId, proposal: { sessionId, adopted: null } } });
  await tx.evaluationMember.updateMany({ where: { sessionId, chairVoteId: memberId }, data: { chairVoteId: null } });
}

/** Calls the next backup of the member's specialty and seats them on the same seat number. */
async function replaceSeat(tx: Tx, sessionId: string, lotId: string, member: { id: string; seat: number; drawMemberId: string | null }) {
  if (!member.drawMemberId) return { outcome: "NO_DRAW" as const };
  const SYSTEM = systemActor("evaluation");
  await tx.drawMember.update({ where: { id: member.drawMemberId }, data: { status: "AVOIDED" } });
  await appendAudit(tx, SYSTEM, { action: "draw.member_avoided", entityType: "DrawMember", entityId: member.drawMemberId, after: { status: "AVOIDED" }, detail: { lotId, because: "evaluation.conflict_declared" } });
  const r = await fillSeat(tx, SYSTEM, member.drawMemberId);
  if (r.outcome !== "BACKUP_CALLED") return { outcome: r.outcome };
  const dm = await tx.drawMember.findUniqueOrThrow({ where: { id: r.memberId } });
  const e = await tx.expert.findUniqueOrThrow({ where: { id: dm.expertId }, select: { id: true, name: true, userId: true } });
  const seated = await tx.evaluationMember.create({
    data: { sessionId, seat: member.seat, kind: "EXPERT", userId: e.userId, expertId: e.id, drawMemberId: dm.id, name: e.name, replacesMemberId: member.id },
  });
  await appendAudit(tx, SYSTEM, { action: "evaluation.member_seated", entityType: "EvaluationMember", entityId: seated.id, detail: { lotId, seat: member.seat, replaces: member.id } });
  await notifyMembersToSignIn(tx, sessionId, lotId);
  return { outcome: "BACKUP_SEATED" as const, memberId: seated.id, seat: member.seat };
}

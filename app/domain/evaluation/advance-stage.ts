import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { EvaluationStage } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

const SYSTEM = systemActor("evaluation");

/**
 * Moves the evaluation from SIGN_IN to REVIEW by itself once every seated member has signed in and
 * declared no conflict and the chair is elected. Called in the transaction of each such step.
 */
export async function advanceIfReady(tx: Tx, sessionId: string): Promise<EvaluationStage> {
  const s = await tx.evaluationSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (s.stage !== "SIGN_IN" || !s.chairMemberId) return s.stage;
  const seated = await tx.evaluationMember.findMany({ where: { sessionId, status: "SEATED" }, select: { signedInAt: true, conflict: true } });
  if (seated.length === 0 || seated.some((m) => !m.signedInAt || m.conflict !== false)) return s.stage;
  return moveStage(tx, sessionId, "SIGN_IN", "REVIEW");
}

/** A conditional stage move (WHERE stage = from), audited; a repeated call changes nothing. */
export async function moveStage(tx: Tx, sessionId: string, from: EvaluationStage, to: EvaluationStage, detail: Record<string, unknown> = {}): Promise<EvaluationStage> {
  const { count } = await tx.evaluationSession.updateMany({ where: { id: sessionId, stage: from }, data: { stage: to } });
  if (count) {
    await appendAudit(tx, SYSTEM, { action: "evaluation.stage", entityType: "EvaluationSession", entityId: sessionId, before: { stage: from }, after: { stage: to }, detail: { from, to, ...detail } });
  }
  return count ? to : from;
}

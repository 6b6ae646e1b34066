import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { isInStaffScope } from "~/domain/tenders/staff-scope";
import type { EvaluationMember, EvaluationSession } from "~/generated/prisma/client";
import type { Db, Tx } from "~/lib/db.server";
import { EvaluationParamsSchema, CriterionSchema, RequirementSchema, type Criterion, type EvaluationParams, type Requirement } from "./evaluation-config";

/**
 * Who may see and do what in an evaluation. Members act on their own lot's evaluation only, once signed
 * in with a code and (for anything but the declaration itself) after declaring no conflict; staff of the
 * project see progress without names; supervisors see everything. Another lot's evaluation looks missing.
 */
export async function loadEvaluation(db: Db | Tx, lotId: string): Promise<EvaluationSession> {
  const s = await db.evaluationSession.findUnique({ where: { lotId } });
  if (!s) throw new DomainError("evaluation:errors.notStarted", {}, 404);
  return s;
}

/** Locks the session row (serialises committee-wide decisions: stage moves, votes, last signatures). */
export async function lockEvaluation(tx: Tx, lotId: string): Promise<EvaluationSession> {
  await tx.$executeRaw`SELECT 1 FROM "EvaluationSession" WHERE "lotId" = ${lotId}::uuid FOR UPDATE`;
  return loadEvaluation(tx, lotId);
}

export interface MemberContext {
  session: EvaluationSession;
  member: EvaluationMember;
}

/**
 * The actor's seat on the lot's committee. `declared`: also requires the 回避声明 (no conflict).
 * Refusals: not a member (404: it does not exist for them), not signed in with a code (403), removed (403).
 */
export async function memberOf(db: Db | Tx, actor: Actor, lotId: string, opts: { declared?: boolean; session?: EvaluationSession } = {}): Promise<MemberContext> {
  if (!actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  const session = opts.session ?? (await db.evaluationSession.findUnique({ where: { lotId } }));
  if (!session) throw new DomainError("evaluation:errors.notFound", {}, 404);
  const member = await db.evaluationMember.findFirst({ where: { sessionId: session.id, userId: actor.userId }, orderBy: { seat: "asc" } });
  if (!member) throw new DomainError("evaluation:errors.notFound", {}, 404);
  if (member.status === "REMOVED") throw new DomainError("evaluation:errors.removed", {}, 403);
  if (!member.signedInAt) throw new DomainError("evaluation:errors.signInFirst", {}, 403);
  if (opts.declared && member.conflict !== false) throw new DomainError("evaluation:errors.declareFirst", {}, 403);
  return { session, member };
}

export type Viewer = "staff" | "supervisor";

/** Staff of the project (buyer, agent, centre) or a supervisor; others 403. */
export async function assertEvaluationViewer(db: Db | Tx, actor: Actor, lotId: string): Promise<Viewer> {
  if (actor.role === "SUPERVISOR") return "supervisor";
  if (actor.role !== "STAFF") throw new DomainError("common:errors.forbidden", {}, 403);
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { project: { select: { buyerOrgId: true, agentOrgId: true } } } });
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  if (!(await isInStaffScope(db, actor, lot.project))) throw new DomainError("tenders:errors.notYourTender", {}, 403);
  return "staff";
}

export const criteriaOfSession = (s: EvaluationSession): Criterion[] => CriterionSchema.array().parse(s.criteria);
export const requirementsOfSession = (s: EvaluationSession): Requirement[] => RequirementSchema.array().parse(s.requirements);
export const paramsOfSession = (s: EvaluationSession): EvaluationParams => EvaluationParamsSchema.parse(s.params);

export function assertStage(s: EvaluationSession, ...stages: EvaluationSession["stage"][]): void {
  if (!stages.includes(s.stage)) throw new DomainError("evaluation:errors.wrongStage", { stage: s.stage }, 409);
}

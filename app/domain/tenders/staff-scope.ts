import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Tx, Db } from "~/lib/db.server";

/**
 * Scope on top of the permission table: staff act on a project of their own organisation (the buyer or
 * its agent) or, as centre staff, on any; supervisors read every project; the scheduler acts on all.
 */
export async function isInStaffScope(
  db: Tx | Db,
  actor: Actor,
  project: { buyerOrgId: string; agentOrgId: string | null },
): Promise<boolean> {
  if (actor.role === "SYSTEM" || actor.role === "SUPERVISOR") return true;
  if (actor.role !== "STAFF" || !actor.orgId) return false;
  if (actor.orgId === project.buyerOrgId || actor.orgId === project.agentOrgId) return true;
  return isCentreStaff(db, actor);
}

/**
 * Staff of the trading centre (which hosts every project, runs the 专家抽取室 and the evaluation rooms), not
 * a buyer's or an agent's: THE check, for the scopes here and the rules built on them (draw names, documents).
 */
export async function isCentreStaff(db: Tx | Db, actor: Pick<Actor, "role" | "orgId">): Promise<boolean> {
  if (actor.role !== "STAFF" || !actor.orgId) return false;
  const org = await db.organisation.findUnique({ where: { id: actor.orgId }, select: { kind: true } });
  return org?.kind === "CENTRE";
}

export async function assertStaffScope(
  db: Tx | Db,
  actor: Actor,
  project: { buyerOrgId: string; agentOrgId: string | null },
): Promise<void> {
  if (!(await isInStaffScope(db, actor, project))) throw new DomainError("tenders:errors.notYourTender", {}, 403);
}

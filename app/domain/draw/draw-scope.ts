import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { isInStaffScope } from "~/domain/tenders/staff-scope";
import type { Db, Tx } from "~/lib/db.server";

/**
 * Who may request and act on a lot's draws: the staff responsible for its project — the buyer's and the
 * agent's staff, and the centre's (which runs the 专家抽取室 for every project). The schema records no
 * finer assignment than the project's organisations, so this is the tender workflow's own scope
 * (isInStaffScope); supervisors and the worker are in scope everywhere. Refusal: 403, localised.
 */
export async function assertDrawScope(db: Tx | Db, actor: Actor, lotId: string): Promise<void> {
  if (actor.role === "SUPERVISOR" || actor.role === "SYSTEM") return;
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { project: { select: { buyerOrgId: true, agentOrgId: true } } } });
  if (!lot) throw new DomainError("experts:errors.lotNotFound", {}, 404);
  if (!(await isInStaffScope(db, actor, lot.project))) throw new DomainError("experts:errors.notYourLot", {}, 403);
}

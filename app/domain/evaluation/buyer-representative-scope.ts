import type { Actor, SignedInActor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { inGroup } from "~/domain/tenders/lot-phases";
import type { Db, Tx } from "~/lib/db.server";

/**
 * The seats the lot's expert draw fixed: the experts of its live initial draw (the sum of its specialties'
 * members; rows made without pools count the drawn MEMBERs), and the committee size the request named.
 * Null before any draw: until then the representatives' share (≤ 1/3 of the committee) has no base.
 */
export async function expertSeatsOf(db: Db | Tx, lotId: string): Promise<{ drawId: string; experts: number; committeeMembers: number } | null> {
  const draw = await db.draw.findFirst({
    where: { lotId, kind: "INITIAL", status: { not: "CANCELLED" } },
    orderBy: { seq: "desc" },
    select: { id: true, committeeMembers: true, pools: { select: { members: true } } },
  });
  if (!draw) return null;
  const experts = draw.pools.length
    ? draw.pools.reduce((n, p) => n + p.members, 0)
    : await db.drawMember.count({ where: { drawId: draw.id, role: "MEMBER" } });
  return { drawId: draw.id, experts, committeeMembers: draw.committeeMembers };
}

/**
 * Who may name the representatives: staff of the lot's buyer organisation only — not the agent's (87号令
 * art. 47: an agency's staff do not sit on committees of projects it runs), not the centre's. Everyone else
 * is refused with a message that says so (403), changing nothing. Past it the actor is a signed-in user
 * of the buyer (staff are users: see SignedInActor).
 */
export function assertBuyerStaff(actor: Actor, project: { buyerOrgId: string }): asserts actor is SignedInActor & { orgId: string } {
  if (actor.role !== "STAFF" || !actor.orgId || actor.orgId !== project.buyerOrgId) throw new DomainError("evaluation:errors.repsBuyerOnly", {}, 403);
}

/** The naming window: the lot in the committeeForming group and no evaluation session yet (409 otherwise). */
export async function assertCommitteeForming(db: Db | Tx, lot: { id: string; status: string }): Promise<void> {
  const started = await db.evaluationSession.findUnique({ where: { lotId: lot.id }, select: { id: true } });
  if (started || !inGroup(lot.status, "committeeForming")) throw new DomainError("evaluation:errors.repsAfterStart", {}, 409);
}

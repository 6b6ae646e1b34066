import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { getDb } from "~/lib/db.server";
import { loadComplaintForUpdate } from "./complaint-access";

/**
 * Lifts the suspension this complaint ordered: the lot resumes the state it was suspended from and held
 * deadlines are released. Refused while objections of the lot are still unanswered (they keep it suspended).
 */
export async function liftSuspension(actor: Actor, input: { complaintId: string }, now = new Date()) {
  assertCan(actor, "tender.suspend_by_order");
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    if (!c.suspendedByOrder) throw new DomainError("supervision:errors.notSuspendedByOrder", {}, 409);
    const open = await tx.objection.count({ where: { lotId: c.lotId, answeredAt: null } });
    if (open > 0) throw new DomainError("supervision:errors.objectionsOpen", { count: open }, 409);
    await transitionLot(tx, actor, c.lotId, "resume", { expectedStatus: "SUSPENDED", detail: { complaintId: c.id, byOrder: true } });
    await tx.complaint.update({ where: { id: c.id }, data: { suspendedByOrder: false } });
    await scheduleLotTransitions(tx, c.lotId, now);
    return { lotId: c.lotId };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { getDb } from "~/lib/db.server";
import { assertStatus, loadComplaintForUpdate } from "./complaint-access";

/**
 * 暂停招标投标活动 by the supervisor's order while a complaint is handled (实施条例第六十二条): the lot
 * goes to SUSPENDED through the lot state machine (permission tender.suspend_by_order), its scheduled
 * deadlines are held. An already suspended lot (e.g. by an objection) is refused: nothing to order.
 */
export async function orderSuspension(actor: Actor, input: { complaintId: string; reason: string }, now = new Date()) {
  assertCan(actor, "tender.suspend_by_order");
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    assertStatus(c, "RECEIVED", "ACCEPTED");
    if (c.suspendedByOrder) throw new DomainError("supervision:errors.alreadySuspended", {}, 409);
    const lot = await tx.lot.findUniqueOrThrow({ where: { id: c.lotId }, select: { status: true } });
    if (lot.status === "SUSPENDED") throw new DomainError("supervision:errors.alreadySuspended", {}, 409);
    await transitionLot(tx, actor, c.lotId, "suspend", {
      expectedStatus: lot.status,
      reason: (input.reason ?? "").slice(0, 500) || undefined,
      detail: { complaintId: c.id, byOrder: true },
    });
    await tx.complaint.update({ where: { id: c.id }, data: { suspendedByOrder: true } });
    await scheduleLotTransitions(tx, c.lotId, now);
    return { lotId: c.lotId };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import { loadCalendar } from "~/domain/rules/load-calendar";
import { getDb } from "~/lib/db.server";
import { assertStatus, loadComplaintForUpdate } from "./complaint-access";
import { complaintDecisionDueAt } from "./complaint-clocks";

/** 受理: the decision clock (30 working days) starts; the complainant is notified. */
export async function acceptComplaint(actor: Actor, input: { complaintId: string }, now = new Date()) {
  assertCan(actor, "complaint.decide");
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    assertStatus(c, "RECEIVED");
    const calendar = await loadCalendar(tx);
    const updated = await tx.complaint.update({
      where: { id: c.id },
      data: { status: "ACCEPTED", acceptedAt: now, decisionDueAt: complaintDecisionDueAt(calendar, now) },
    });
    await appendAudit(tx, actor, {
      action: "complaint.accepted",
      entityType: "Complaint",
      entityId: c.id,
      before: c,
      after: updated,
      detail: { lotId: c.lotId, late: now > c.acceptDueAt, decisionDueAt: updated.decisionDueAt!.toISOString() },
    });
    await notify(tx, {
      recipients: { orgIds: [c.complainantOrgId] },
      template: "supervision:notify.complaintAccepted",
      channels: ["inapp", "email"],
      entity: { type: "Complaint", id: c.id },
      link: `/bidder/complaints/${c.id}`,
      dedupeKey: `complaint-accepted-${c.id}`,
    });
    return updated;
  });
}

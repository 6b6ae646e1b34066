import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { assertStatus, loadComplaintForUpdate } from "./complaint-access";
import { noteText } from "./handle-alert";

/** 不予受理, with the reason; the complainant is notified. */
export async function rejectComplaint(actor: Actor, input: { complaintId: string; reason: string }, now = new Date()) {
  assertCan(actor, "complaint.decide");
  const reason = noteText(input.reason);
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    assertStatus(c, "RECEIVED");
    const updated = await tx.complaint.update({ where: { id: c.id }, data: { status: "REJECTED", rejectedAt: now, rejectionReason: reason } });
    await appendAudit(tx, actor, {
      action: "complaint.rejected",
      entityType: "Complaint",
      entityId: c.id,
      before: c,
      after: updated,
      detail: { lotId: c.lotId, late: now > c.acceptDueAt },
    });
    await notify(tx, {
      recipients: { orgIds: [c.complainantOrgId] },
      template: "supervision:notify.complaintRejected",
      channels: ["inapp", "email"],
      entity: { type: "Complaint", id: c.id },
      link: `/bidder/complaints/${c.id}`,
      dedupeKey: `complaint-rejected-${c.id}`,
    });
    return updated;
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { assertStatus, loadComplaintForUpdate } from "./complaint-access";
import { renderComplaintDecision } from "./jobs";

/**
 * 投诉处理决定: the decision text is recorded, its PDF is rendered by the documents worker (job
 * renderComplaintDecision), and the complainant and involved parties are notified. A lot still suspended
 * by this complaint's order stays so until the supervisor lifts it (the decision may order a re-tender).
 */
export async function decideComplaint(actor: Actor, input: { complaintId: string; decision: string }, now = new Date()) {
  assertCan(actor, "complaint.decide");
  const decision = (input.decision ?? "").trim();
  if (!decision) throw new DomainError("supervision:errors.decisionRequired", {}, 422, "decision");
  if (decision.length > 20_000) throw new DomainError("supervision:errors.tooLong", { max: 20_000 }, 422, "decision");
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    assertStatus(c, "ACCEPTED");
    const updated = await tx.complaint.update({
      where: { id: c.id },
      data: { status: "DECIDED", decidedAt: now, decision, decidedById: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "complaint.decided",
      entityType: "Complaint",
      entityId: c.id,
      before: c,
      after: updated,
      detail: { lotId: c.lotId, late: c.decisionDueAt ? now > c.decisionDueAt : false },
    });
    await enqueueJob(tx, renderComplaintDecision, { complaintId: c.id });
    await notify(tx, {
      recipients: { orgIds: [c.complainantOrgId, ...c.involvedOrgIds] },
      template: "supervision:notify.complaintDecided",
      channels: ["inapp", "email"],
      entity: { type: "Complaint", id: c.id },
      link: `/bidder/complaints/${c.id}`,
      dedupeKey: `complaint-decided-${c.id}`,
    });
    return updated;
  });
}

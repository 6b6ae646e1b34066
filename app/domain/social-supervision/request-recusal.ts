import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { loadAssignmentForUpdate, requiredText } from "./load-appointment";

/**
 * 申请回避: the social supervisor asks to be released from a tender in which it has an interest. It keeps
 * watching until a supervisor decides (grantRecusal / refuseRecusal); the supervisors are notified.
 */
export async function requestRecusal(actor: Actor, input: { assignmentId: string; reason: string }, now = new Date()) {
  assertCan(actor, "social_supervision.self");
  const reason = requiredText(input.reason, "reason", 4, 2000);
  return getDb().$transaction(async (tx) => {
    const s = await loadAssignmentForUpdate(tx, input.assignmentId);
    // Someone else's assignment reads as missing (nothing about it is revealed).
    if (s.userId !== actor.userId) throw new DomainError("social:errors.assignmentNotFound", {}, 404);
    if (s.status !== "ACTIVE") throw new DomainError("social:errors.recusalNotAllowed", {}, 409);
    await tx.socialSupervisionAssignment.update({
      where: { id: s.id },
      data: { status: "RECUSAL_REQUESTED", recusalReason: reason, recusalRequestedAt: now },
    });
    const project = await tx.project.findUniqueOrThrow({ where: { id: s.projectId }, select: { code: true } });
    await appendAudit(tx, actor, {
      action: "social_supervisor.recusal_requested",
      entityType: "SocialSupervisionAssignment",
      entityId: s.id,
      before: { status: "ACTIVE" },
      after: { status: "RECUSAL_REQUESTED" },
      detail: { projectCode: project.code, ...(s.lotId ? { lotId: s.lotId } : {}) },
    });
    await notify(tx, {
      recipients: { role: "SUPERVISOR" },
      template: "social:notify.recusalRequested",
      params: { project: project.code },
      channels: ["inapp"],
      entity: { type: "SocialSupervisionAssignment", id: s.id },
      link: "/supervision/social-supervisors",
      dedupeKey: `social-recusal-${s.id}-${now.getTime()}`,
    });
    return { assignmentId: s.id };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { loadAssignmentForUpdate } from "./load-appointment";

/**
 * A supervisor decides a recusal request: granted → RECUSED (the tender leaves the person's scope at
 * once); refused → back to ACTIVE with the note. The social supervisor is notified either way.
 */
export async function decideRecusal(actor: Actor, input: { assignmentId: string; grant: boolean; note?: string }, now = new Date()) {
  assertCan(actor, "social_supervisor.manage");
  const note = (input.note ?? "").trim();
  if (note.length > 2000) throw new DomainError("social:errors.tooLong", { max: 2000 }, 422, "note");
  if (!input.grant && !note) throw new DomainError("social:errors.textRequired", { min: 1 }, 422, "note");
  return getDb().$transaction(async (tx) => {
    const s = await loadAssignmentForUpdate(tx, input.assignmentId);
    if (s.status !== "RECUSAL_REQUESTED") throw new DomainError("social:errors.recusalNotPending", {}, 409);
    const to = input.grant ? ("RECUSED" as const) : ("ACTIVE" as const);
    await tx.socialSupervisionAssignment.update({
      where: { id: s.id },
      data: { status: to, decidedById: actor.userId, decidedAt: now, decisionNote: note || null },
    });
    const project = await tx.project.findUniqueOrThrow({ where: { id: s.projectId }, select: { code: true } });
    await appendAudit(tx, actor, {
      action: input.grant ? "social_supervisor.recusal_granted" : "social_supervisor.recusal_refused",
      entityType: "SocialSupervisionAssignment",
      entityId: s.id,
      before: { status: s.status },
      after: { status: to },
      detail: { projectCode: project.code, ...(s.lotId ? { lotId: s.lotId } : {}) },
    });
    await notify(tx, {
      recipients: { userIds: [s.userId] },
      template: "social:notify.recusalDecided",
      params: { project: project.code, decision: input.grant ? "✔" : "✘" },
      channels: ["inapp"],
      entity: { type: "SocialSupervisionAssignment", id: s.id },
      link: "/observer",
      dedupeKey: `social-recusal-decided-${s.id}-${now.getTime()}`,
    });
    return { assignmentId: s.id, status: to };
  });
}

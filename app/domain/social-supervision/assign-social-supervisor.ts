import { inGroup } from "~/domain/tenders/lot-phases";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { isUniqueViolation, loadAppointmentForUpdate } from "./load-appointment";

/** Lots not yet public cannot be watched from outside (their contents are not public either). */

/**
 * 指派: a supervisor assigns an ACTIVE social supervisor to a project (all its lots) or one lot, found by
 * project code and lot number. One live assignment per person and tender (partial unique index).
 */
export async function assignSocialSupervisor(
  actor: Actor,
  input: { appointmentId: string; projectCode: string; lotNo?: number | null },
  now = new Date(),
) {
  assertCan(actor, "social_supervisor.manage");
  const code = (input.projectCode ?? "").trim();
  if (!code) throw new DomainError("social:errors.projectNotFound", {}, 422, "projectCode");
  try {
    return await getDb().$transaction(async (tx) => {
      const a = await loadAppointmentForUpdate(tx, input.appointmentId);
      if (a.status !== "ACTIVE" || a.termEnd <= now) throw new DomainError("social:errors.notActive", {}, 409, "appointmentId");
      const project = await tx.project.findUnique({
        where: { code },
        select: { id: true, code: true, title: true, lots: { select: { id: true, lotNo: true, status: true } } },
      });
      if (!project) throw new DomainError("social:errors.projectNotFound", {}, 422, "projectCode");
      let lotId: string | null = null;
      if (input.lotNo !== undefined && input.lotNo !== null) {
        const lot = project.lots.find((l) => l.lotNo === input.lotNo);
        if (!lot) throw new DomainError("social:errors.lotNotFound", {}, 422, "lotNo");
        if (!inGroup(lot.status, "public")) throw new DomainError("social:errors.notPublic", {}, 409, "lotNo");
        lotId = lot.id;
      } else if (!project.lots.some((l) => inGroup(l.status, "public"))) {
        throw new DomainError("social:errors.notPublic", {}, 409, "projectCode");
      }
      // The unique index ignores a NULL lotId: look for a whole-project duplicate explicitly too.
      const dup = await tx.socialSupervisionAssignment.findFirst({
        where: { userId: a.userId, projectId: project.id, lotId, status: { in: ["ACTIVE", "RECUSAL_REQUESTED"] } },
        select: { id: true },
      });
      if (dup) throw new DomainError("social:errors.alreadyAssigned", {}, 409, "projectCode");
      const s = await tx.socialSupervisionAssignment.create({
        data: { appointmentId: a.id, userId: a.userId, projectId: project.id, lotId, assignedById: actor.userId, assignedAt: now },
      });
      await appendAudit(tx, actor, {
        action: "social_supervisor.assigned",
        entityType: "SocialSupervisionAssignment",
        entityId: s.id,
        after: { appointmentId: a.id, projectId: project.id, lotId },
        detail: { appointmentId: a.id, projectCode: project.code, ...(lotId ? { lotId } : {}) },
      });
      await notify(tx, {
        recipients: { userIds: [a.userId] },
        template: "social:notify.assigned",
        params: { project: `${project.code} ${project.title}` },
        channels: ["inapp"],
        entity: { type: "SocialSupervisionAssignment", id: s.id },
        link: "/observer",
        dedupeKey: `social-assigned-${s.id}`,
      });
      return s;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("social:errors.alreadyAssigned", {}, 409, "projectCode");
    throw e;
  }
}

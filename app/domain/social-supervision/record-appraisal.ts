import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { loadAppointmentForUpdate, requiredText } from "./load-appointment";

/**
 * 考核与问责: a supervisor records an appraisal (考核, score 1–5) or a violation of a social supervisor's
 * appointment (signed, not ended). Dismissal for a violation is a separate, explicit step (changeAppointment).
 * ("Evaluation" is 评标's word; entries written before the rename carry the action social_supervisor.evaluated.)
 */
export async function recordAppraisal(
  actor: Actor,
  input: { appointmentId: string; kind: string; score?: number | null; text: string },
) {
  assertCan(actor, "social_supervisor.manage");
  if (input.kind !== "APPRAISAL" && input.kind !== "VIOLATION") throw new DomainError("social:errors.badKind", {}, 422, "kind");
  const kind = input.kind;
  const score = kind === "APPRAISAL" ? input.score : null;
  if (kind === "APPRAISAL" && !(Number.isInteger(score) && score! >= 1 && score! <= 5)) throw new DomainError("social:errors.badScore", {}, 422, "score");
  const text = requiredText(input.text, "text", 2, 2000);
  return getDb().$transaction(async (tx) => {
    const a = await loadAppointmentForUpdate(tx, input.appointmentId);
    if (a.status !== "ACTIVE" && a.status !== "SUSPENDED") throw new DomainError("social:errors.notActive", {}, 409);
    const row = await tx.socialSupervisorAppraisal.create({ data: { appointmentId: a.id, kind, score, text, authorId: actor.userId } });
    await appendAudit(tx, actor, {
      action: kind === "APPRAISAL" ? "social_supervisor.appraised" : "social_supervisor.violation_recorded",
      entityType: "SocialSupervisorAppointment",
      entityId: a.id,
      after: row,
      detail: { appraisalId: row.id, kind, ...(score ? { score } : {}) },
    });
    return row;
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { applyExpertSpecialties } from "./set-expert-specialties";

/**
 * (staff) Apply or reject an expert's pending specialty request. Applying goes through the same audited
 * write as any staff edit (applyExpertSpecialties → "expert.specialties_changed" with before/after) and
 * marks the request in the same transaction; rejecting needs a reason the expert will see.
 */
export async function decideSpecialtyRequest(
  actor: Actor,
  input: { requestId: string; decision: "apply" | "reject"; note?: string },
  db: Db = getDb(),
) {
  assertCan(actor, "expert.manage");
  const note = (input.note ?? "").trim().slice(0, 300);
  if (input.decision === "reject" && !note) throw new DomainError("experts:errors.rejectReasonRequired", {}, 422, "note");
  return db.$transaction(async (tx) => {
    // Conditional update first: two staff deciding at once — the second finds nothing PENDING.
    const claimed = await tx.expertSpecialtyRequest.updateMany({
      where: { id: input.requestId, status: "PENDING" },
      data: { status: input.decision === "apply" ? "APPLIED" : "REJECTED", decidedById: actor.userId, decidedAt: new Date(), decisionNote: note },
    });
    if (claimed.count !== 1) throw new DomainError("experts:errors.specialtyRequestNotPending", {}, 409);
    const r = await tx.expertSpecialtyRequest.findUniqueOrThrow({ where: { id: input.requestId } });
    const applied = input.decision === "apply" ? await applyExpertSpecialties(tx, actor, { expertId: r.expertId, codes: r.codes }) : null;
    await appendAudit(tx, actor, {
      action: input.decision === "apply" ? "expert.specialty_request_applied" : "expert.specialty_request_rejected",
      entityType: "ExpertSpecialtyRequest",
      entityId: r.id,
      before: { status: "PENDING" },
      after: { status: r.status, note },
      detail: { expertId: r.expertId, codes: r.codes.join(","), ...(note ? { note } : {}) },
    });
    return { status: r.status, changed: applied?.changed ?? false };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { scheduleUnset } from "./retender-lot";
import { assertNoRuleViolations, loadTenderRules, scheduleViolations } from "./tender-rules";

/**
 * The author sends a draft to review (一审). The statutory schedule is checked already here, so that the
 * reviewer gets a tender that passes; it is checked again at approval, when the clock has moved on.
 */
export async function submitForReview(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.create");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (lot.status !== "DRAFT") throw new DomainError("tenders:errors.notDraft", { status: lot.status }, 409);
    const docs = await tx.tenderDocument.count({ where: { lotId: lot.id, withdrawnAt: null } });
    if (docs === 0) throw new DomainError("tenders:errors.documentsRequired", {}, 422, "documents");
    // A re-tender draft carries no schedule from the failed lot: staff must set new instants first.
    if (scheduleUnset(lot)) throw new DomainError("tenders:errors.retenderScheduleNotSet", {}, 422, "bidDeadline");
    assertNoRuleViolations(scheduleViolations(lot.project.procurementType, lot, await loadTenderRules(tx), now));
    await tx.lot.update({ where: { id: lot.id }, data: { submittedAt: now, rejectionReason: null } });
    return transitionLot(tx, actor, lot.id, "submit", { expectedStatus: "DRAFT" });
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { documentsFromPublication } from "~/domain/rules/statutory/documents-from-publication";
import { getDb } from "~/lib/db.server";
import { loadLotForUpdate } from "./load-lot";
import { transitionLot } from "./lot-lifecycle";
import { publishLot } from "./publish-lot";
import { assertNoRuleViolations, loadTenderRules, scheduleViolations } from "./tender-rules";

/**
 * 一审一核: a second staff member (never the author) approves the lot, which publishes it — the
 * announcement goes public, its PDF is rendered by a worker and the deadlines are armed — all in one
 * transaction. The statutory rules run against the server clock now; every violation is reported at once.
 * The documents are downloadable from the publication instant on (rule documentsFromPublication): the lot
 * needs a current tender document, and its docsAvailableFrom becomes the publication instant, so the
 * statutory periods are checked on the window bidders really get.
 */
export async function approvePublication(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.review");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (lot.status !== "UNDER_REVIEW") throw new DomainError("tenders:errors.notUnderReview", { status: lot.status }, 409);
    if (actor.userId === lot.authorId) throw new DomainError("tenders:errors.selfReview", {}, 403);
    const profile = lot.project.procurementType;
    const rules = await loadTenderRules(tx);
    const documents = await tx.tenderDocument.count({ where: { lotId: lot.id, withdrawnAt: null } });
    const issued = { ...lot, docsAvailableFrom: now };
    const docs = checkRule(profile, documentsFromPublication.id, { ...issued, publication: { at: now, documents } }, rules.params, rules.calendar, now);
    assertNoRuleViolations([...(docs ? [docs] : []), ...scheduleViolations(profile, issued, rules, now)]);
    await tx.lot.update({ where: { id: lot.id }, data: { docsAvailableFrom: now } });
    const r = await transitionLot(tx, actor, lot.id, "approve", {
      expectedStatus: "UNDER_REVIEW",
      detail: { docsAvailableFrom: now.toISOString(), plannedDocsAvailableFrom: lot.docsAvailableFrom.toISOString() },
    });
    if (!r.applied) throw new DomainError("tenders:errors.concurrentChange", {}, 409);
    const announcement = await publishLot(tx, actor, issued, now);
    return { ...r, announcementId: announcement.id };
  });
}

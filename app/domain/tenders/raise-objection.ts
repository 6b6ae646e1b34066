import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";
import { requireRegistration } from "./bidder-window";
import { assertUuid, loadLotForUpdate } from "./load-lot";
import { objectionTextSchema, parseBidderText } from "./schemas";
import { recordObjection } from "./record-objection";

/**
 * 异议/质疑 against the tender documents, by a registered bidder before the objection cut-off (server
 * clock). The answer is due in 3 days (工程) / 7 working days (政府采购); the lot is suspended until every
 * objection is answered, and the due instant is armed so supervisors see it run out.
 */
export async function raiseObjection(actor: Actor, input: { lotId: string; text: string }, now = new Date()) {
  assertCan(actor, "objection.raise");
  assertUuid(input.lotId);
  const text = parseBidderText(objectionTextSchema, input.text);
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId);
    if (!lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    const registration = await requireRegistration(tx, actor, lot.id);
    if (now >= lot.objectionCutoff) {
      throw new DomainError("tenders:errors.objectionAfterCutoff", { cutoff: formatInstant(lot.objectionCutoff) }, 409);
    }
    if (lot.status !== "PUBLISHED" && lot.status !== "SUSPENDED") {
      throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);
    }
    return recordObjection(tx, { ...actor, orgId: registration.bidderOrgId }, lot, { text, suspends: "PUBLISHED" }, now);
  });
}

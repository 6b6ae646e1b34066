import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { formatInstant } from "~/domain/tenders/announcement-text";
import { phaseOf } from "~/domain/tenders/lot-phases";
import { assertUuid, loadLotForUpdate } from "~/domain/tenders/load-lot";
import { objectionTextSchema, parseBidderText } from "~/domain/tenders/schemas";
import { recordObjection } from "~/domain/tenders/record-objection";
import { getDb } from "~/lib/db.server";

/**
 * 对评标结果的异议 (实施条例 art. 54): a bidder of the lot, during the 中标候选人公示. The same Objection
 * machinery as objections to the documents (subject RESULT): the answer is due in 3 days, the lot is
 * suspended — the award cannot be confirmed — until every objection is answered (answerObjection resumes
 * it, and the publicity end that came due meanwhile is released then).
 */
export async function raiseResultObjection(actor: Actor, input: { lotId: string; text: string }, now = new Date()) {
  assertCan(actor, "objection.raise");
  assertUuid(input.lotId);
  const text = parseBidderText(objectionTextSchema, input.text);
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId);
    const bid = await tx.bid.findFirst({ where: { lotId: lot.id, bidderOrgId: actor.orgId ?? undefined, status: "ACTIVE" }, select: { id: true } });
    if (!actor.orgId || !bid) throw new DomainError("award:errors.notABidder", {}, 403);
    const publicity = await tx.candidatesPublicity.findUnique({ where: { lotId: lot.id } });
    const inPublicity = phaseOf(lot) === "CANDIDATES_PUBLICITY";
    if (!publicity || !inPublicity) throw new DomainError("award:errors.notInPublicity", {}, 409);
    if (now >= publicity.endsAt) throw new DomainError("award:errors.publicityOver", { endsAt: formatInstant(publicity.endsAt) }, 409);
    return recordObjection(tx, { ...actor, orgId: actor.orgId }, lot, { text, subject: "RESULT", suspends: "CANDIDATES_PUBLICITY" }, now);
  });
}

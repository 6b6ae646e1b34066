import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { assertUuid } from "~/domain/tenders/load-lot";
import { phaseOf } from "~/domain/tenders/lot-phases";
import { getDb } from "~/lib/db.server";

/**
 * What a bidder sees of the award phase of a lot it bid on: the publicity window (to object in), its own
 * notice (中标通知书 or 中标结果通知书, never another bidder's) and its bond refund. Null when it has no bid.
 */
export async function getBidderAward(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.register");
  assertUuid(input.lotId);
  if (!actor.orgId) return null;
  const db = getDb();
  const bid = await db.bid.findFirst({ where: { lotId: input.lotId, bidderOrgId: actor.orgId, status: "ACTIVE" }, select: { id: true } });
  if (!bid) return null;
  const [lot, publicity, notice, refund, objections] = await Promise.all([
    db.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { status: true, suspendedFrom: true } }),
    db.candidatesPublicity.findUnique({ where: { lotId: input.lotId }, select: { startsAt: true, endsAt: true } }),
    db.awardNotice.findUnique({ where: { lotId_bidId: { lotId: input.lotId, bidId: bid.id } }, select: { kind: true, number: true, documentId: true, rank: true, totalScore: true, rejectionReason: true } }),
    db.bondRefund.findUnique({ where: { bidId: bid.id }, select: { bondFen: true, interestFen: true, dueAt: true, refundedOn: true, refundedFen: true, reference: true } }),
    db.objection.findMany({ where: { lotId: input.lotId, orgId: actor.orgId, subject: "RESULT" }, orderBy: { raisedAt: "asc" }, select: { id: true, text: true, raisedAt: true, answer: true, answeredAt: true } }),
  ]);
  const inPublicity = phaseOf(lot) === "CANDIDATES_PUBLICITY";
  return { publicity, canObject: !!publicity && inPublicity && now < publicity.endsAt, notice, refund, objections };
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { isUuid } from "./bid-window";
import { receiptView } from "./receipt-view";

/** One of the caller's organisation's bids with bond, receipts and lot; anyone else's id → 404. */
export async function getOwnBid(actor: Actor, input: { bidId: string }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!isUuid(input.bidId) || !actor.orgId) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const bid = await db.bid.findFirst({
    where: { id: input.bidId, bidderOrgId: actor.orgId },
    include: { bond: true, receipts: { orderBy: { issuedAt: "asc" } } },
  });
  if (!bid) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const lot = await db.lot.findUnique({
    where: { id: bid.lotId },
    select: { id: true, title: true, status: true, bidDeadline: true, bondFen: true, project: { select: { code: true, title: true } } },
  });
  return {
    bid: {
      id: bid.id,
      lotId: bid.lotId,
      status: bid.status,
      size: bid.size.toString(),
      ciphertextSha256: bid.ciphertextSha256,
      plaintextSha256: bid.plaintextSha256,
      keyFingerprint: bid.keyFingerprint,
      submittedAt: bid.submittedAt.toISOString(),
      replacedAt: bid.replacedAt?.toISOString() ?? null,
      withdrawnAt: bid.withdrawnAt?.toISOString() ?? null,
      selfTestAt: bid.selfTestAt?.toISOString() ?? null,
      selfTestResult: bid.selfTestResult,
      storageKey: bid.storageKey,
    },
    bond: bid.bond
      ? {
          method: bid.bond.method,
          amountFen: bid.bond.amountFen.toString(),
          payerAccount: bid.bond.payerAccount,
          payerBank: bid.bond.payerBank,
          bankReference: bid.bond.bankReference,
          guaranteeNo: bid.bond.guaranteeNo,
        }
      : null,
    receipts: bid.receipts.map((r) => receiptView(r, bid.status)),
    lot: lot
      ? { id: lot.id, title: lot.title, status: lot.status, bidDeadline: lot.bidDeadline.toISOString(), bondFen: lot.bondFen.toString(), projectCode: lot.project.code, projectTitle: lot.project.title }
      : null,
  };
}

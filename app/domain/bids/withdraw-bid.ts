import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { renderBidReceipt } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { assertBidWindow, isUuid, lockLotOpenForBids } from "./bid-window";
import { receiptStamp } from "./receipt-stamp";
import { notifyReceipt } from "./notify-receipt";
import { receiptView, type ReceiptView } from "./receipt-view";

/**
 * 撤回: the organisation takes back its active bid before the deadline; receipted (kind WITHDRAWN) and
 * audited in one transaction, under the same lot lock and database-clock check as finalising. Another
 * company's bid id answers 404 exactly like a missing one. The ciphertext stays stored (it cannot be read
 * without the bidder's key); only ACTIVE bids count at the opening.
 */
export async function withdrawBid(actor: Actor, input: { bidId: string }, db: Db = getDb()): Promise<ReceiptView> {
  assertCan(actor, "bid.withdraw");
  if (!isUuid(input.bidId) || !actor.orgId) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const orgId = actor.orgId;
  return db.$transaction(async (tx) => {
    const found = await tx.bid.findFirst({ where: { id: input.bidId, bidderOrgId: orgId }, select: { lotId: true } });
    if (!found) throw new DomainError("bids:errors.bidNotFound", {}, 404);
    const { lot } = await lockLotOpenForBids(tx, found.lotId);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`bid:${found.lotId}:${orgId}`}, 0))`;
    const { number, now } = await receiptStamp(tx);
    assertBidWindow(lot, now);
    const bid = await tx.bid.findUniqueOrThrow({ where: { id: input.bidId } });
    if (bid.status !== "ACTIVE") throw new DomainError("bids:errors.bidNotActive", { status: bid.status }, 409);
    const after = await tx.bid.update({ where: { id: bid.id }, data: { status: "WITHDRAWN", withdrawnAt: now } });
    const receipt = await tx.bidReceipt.create({
      data: {
        number,
        kind: "WITHDRAWN",
        bidId: bid.id,
        lotId: bid.lotId,
        bidderOrgId: orgId,
        issuedAt: now,
        ciphertextSha256: bid.ciphertextSha256,
        plaintextSha256: bid.plaintextSha256,
        size: bid.size,
        keyFingerprint: bid.keyFingerprint,
      },
    });
    await appendAudit(tx, actor, {
      action: "bid.withdrawn",
      entityType: "Bid",
      entityId: bid.id,
      before: bid,
      after,
      detail: { lotId: bid.lotId, receipt: number, ciphertextSha256: bid.ciphertextSha256 },
    });
    await enqueueJob(tx, renderBidReceipt, { receiptId: receipt.id });
    await notifyReceipt(tx, receipt);
    return receiptView(receipt, after.status);
  });
}

import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderBidReceiptDocument } from "./render-bid-receipt-document";

export const BID_RECEIPT_KIND = "bid-receipt";

/**
 * Renders and stores the PDF of a receipt (job renderBidReceipt) as a Document readable by the bidder's
 * organisation (and staff/supervisors), and links it from the receipt. Idempotent: a retried job finds the
 * document and returns it. The receipt row itself was written with the bid, so the receipt exists even
 * while its PDF is being rendered.
 */
export async function generateBidReceiptDocument(actor: Actor, input: { receiptId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`HZ:${input.receiptId}`}, 0))`;
      const r = await tx.bidReceipt.findUnique({ where: { id: input.receiptId } });
      if (!r) throw new DomainError("bids:errors.bidNotFound", {}, 404);
      if (r.documentId) return { documentId: r.documentId, created: false };
      const documentId = randomUUID();
      // The receipt prints its issue time, not the rendering time: every render of it is the same file.
      const bytes = await renderBidReceiptDocument(tx, r.id, { documentId, number: r.number, generatedAt: r.issuedAt });
      const doc = await storeDocument(tx, {
        id: documentId,
        kind: BID_RECEIPT_KIND,
        number: r.number,
        title: `${r.kind === "SUBMITTED" ? "投标文件递交回执" : "投标文件撤回回执"} ${r.number}`,
        entityType: "BidReceipt",
        entityId: r.id,
        ownerOrgId: r.bidderOrgId,
        public: false,
        bytes,
      });
      await tx.bidReceipt.update({ where: { id: r.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

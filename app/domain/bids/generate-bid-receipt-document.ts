import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { renderBidReceiptPdf } from "./bid-receipt-pdf";

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
      const [org, lot] = await Promise.all([
        tx.organisation.findUnique({ where: { id: r.bidderOrgId }, select: { name: true, creditCode: true } }),
        tx.lot.findUnique({ where: { id: r.lotId }, select: { title: true, lotNo: true, project: { select: { code: true, title: true } } } }),
      ]);
      const documentId = randomUUID();
      const content = {
        kind: BID_RECEIPT_KIND,
        number: r.number,
        receiptKind: r.kind,
        bidId: r.bidId,
        lotId: r.lotId,
        bidderOrgId: r.bidderOrgId,
        issuedAt: r.issuedAt,
        ciphertextSha256: r.ciphertextSha256,
        plaintextSha256: r.plaintextSha256,
        size: r.size,
        keyFingerprint: r.keyFingerprint,
      };
      const bytes = await renderBidReceiptPdf({
        number: r.number,
        kind: r.kind,
        contentDigest: sha256Hex(canonicalJson(content)),
        issuedAt: r.issuedAt,
        bidId: r.bidId,
        bidderName: org?.name ?? r.bidderOrgId,
        bidderCreditCode: org?.creditCode ?? "",
        lotLabel: lot ? `${lot.project.code} ${lot.project.title}（${lot.title}）` : r.lotId,
        ciphertextSha256: r.ciphertextSha256,
        plaintextSha256: r.plaintextSha256,
        size: r.size.toString(),
        keyFingerprint: r.keyFingerprint,
        verifyUrl: `${getEnv().PUBLIC_URL}/documents/${documentId}`,
      });
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

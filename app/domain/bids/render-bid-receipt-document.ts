import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { renderBidReceiptPdf } from "./bid-receipt-pdf";

/** The PDF of a bid receipt (an immutable row): generation and re-render of a lost file. */
export async function renderBidReceiptDocument(tx: Tx, receiptId: string, stamp: DocumentStamp) {
  const r = await tx.bidReceipt.findUnique({ where: { id: receiptId } });
  if (!r) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const [org, lot] = await Promise.all([
    tx.organisation.findUnique({ where: { id: r.bidderOrgId }, select: { name: true, creditCode: true } }),
    tx.lot.findUnique({ where: { id: r.lotId }, select: { title: true, lotNo: true, project: { select: { code: true, title: true } } } }),
  ]);
  const content = {
    kind: "bid-receipt",
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
  return renderBidReceiptPdf({
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
    verifyUrl: `${getEnv().PUBLIC_URL}/documents/${stamp.documentId}`,
  });
}

import type { BidReceipt } from "~/generated/prisma/client";

/** What a receipt says, as the API and pages return it (bigints as strings, instants as ISO-8601 UTC with ms). */
export interface ReceiptView {
  receiptId: string;
  receiptNumber: string;
  kind: "SUBMITTED" | "WITHDRAWN";
  bidId: string;
  bidStatus: string;
  lotId: string;
  bidderOrgId: string;
  issuedAt: string;
  ciphertextSha256: string;
  plaintextSha256: string;
  size: string;
  keyFingerprint: string;
  documentId: string | null;
}

export function receiptView(r: BidReceipt, bidStatus: string): ReceiptView {
  return {
    receiptId: r.id,
    receiptNumber: r.number,
    kind: r.kind,
    bidId: r.bidId,
    bidStatus,
    lotId: r.lotId,
    bidderOrgId: r.bidderOrgId,
    issuedAt: r.issuedAt.toISOString(),
    ciphertextSha256: r.ciphertextSha256,
    plaintextSha256: r.plaintextSha256,
    size: r.size.toString(),
    keyFingerprint: r.keyFingerprint,
    documentId: r.documentId,
  };
}

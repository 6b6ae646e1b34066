import { systemActor } from "~/domain/actor";
import { generateBidReceiptDocument } from "./generate-bid-receipt-document";

/** Handler of renderBidReceipt (documents queue). */
export default async function renderBidReceipt(payload: { receiptId: string }) {
  return generateBidReceiptDocument(systemActor("worker:documents"), payload);
}

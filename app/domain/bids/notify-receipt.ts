import { notify } from "~/domain/notify/notify";
import type { BidReceipt } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";

/**
 * Tells the bidder organisation's users about a receipt (in-app), in the same transaction as the step it
 * proves. The dedupe key is the receipt, so a retry never notifies twice. `deferLive`: see notify().
 */
export async function notifyReceipt(tx: Tx, receipt: BidReceipt, opts: { deferLive?: boolean } = {}): Promise<{ liveUserIds: string[] }> {
  return notify(tx, {
    recipients: { orgIds: [receipt.bidderOrgId], role: "BIDDER" },
    template: receipt.kind === "SUBMITTED" ? "bids:notify.submitted" : "bids:notify.withdrawn",
    params: { number: receipt.number, at: receipt.issuedAt, hash: receipt.ciphertextSha256 },
    channels: ["inapp"],
    entity: { type: "BidReceipt", id: receipt.id },
    link: `/receipts/${receipt.id}`,
    dedupeKey: `bid-receipt-${receipt.id}`,
    deferLive: opts.deferLive,
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { isUuid } from "./bid-window";
import { receiptView } from "./receipt-view";

/** One of the organisation's receipts with the names it shows; anyone else's → 404. */
export async function getOwnReceipt(actor: Actor, input: { receiptId: string }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!isUuid(input.receiptId) || !actor.orgId) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const r = await db.bidReceipt.findFirst({ where: { id: input.receiptId, bidderOrgId: actor.orgId }, include: { bid: { select: { status: true } } } });
  if (!r) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const [org, lot, doc] = await Promise.all([
    db.organisation.findUnique({ where: { id: r.bidderOrgId }, select: { name: true } }),
    db.lot.findUnique({ where: { id: r.lotId }, select: { title: true, project: { select: { code: true, title: true } } } }),
    r.documentId ? db.document.findUnique({ where: { id: r.documentId }, select: { restoredAt: true } }) : null,
  ]);
  return {
    ...receiptView(r, r.bid.status),
    bidderName: org?.name ?? "",
    lotLabel: lot ? `${lot.project.code} ${lot.project.title}（${lot.title}）` : r.lotId,
    /** Its PDF was lost and rendered again from the database: the page says 已重新生成. */
    documentRestoredAt: doc?.restoredAt?.toISOString() ?? null,
  };
}

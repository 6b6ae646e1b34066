import type { Tx } from "~/lib/db.server";

/** Organisations with an ACTIVE bid in the lot (the bidders the award notices and notifications go to). */
export async function lotBidderOrgIds(tx: Tx, lotId: string): Promise<string[]> {
  const bids = await tx.bid.findMany({ where: { lotId, status: "ACTIVE" }, select: { bidderOrgId: true } });
  return [...new Set(bids.map((b) => b.bidderOrgId))];
}

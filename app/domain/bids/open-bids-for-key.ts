import type { Db, Tx } from "~/lib/db.server";
import { BEFORE_OPENING } from "./bid-window";

export interface DependentBid {
  bidId: string;
  lotId: string;
  lotTitle: string;
  projectTitle: string;
  bidDeadline: Date;
  submittedAt: Date;
}

/**
 * Active bids sealed to a key whose lot has not been opened yet: each one needs that key's file and
 * passphrase at the opening. Replacing the key does not break them (the old key stays on record), but
 * the bidder must keep the old key file — the top real-world failure at openings is a lost key.
 */
export async function openBidsForKey(db: Db | Tx, orgId: string, fingerprint: string): Promise<DependentBid[]> {
  const bids = await db.bid.findMany({
    where: { bidderOrgId: orgId, keyFingerprint: fingerprint, status: "ACTIVE" },
    orderBy: { submittedAt: "asc" },
    select: { id: true, lotId: true, submittedAt: true },
  });
  if (bids.length === 0) return [];
  const lots = await db.lot.findMany({
    where: { id: { in: bids.map((b) => b.lotId) }, status: { in: BEFORE_OPENING } },
    select: { id: true, title: true, bidDeadline: true, project: { select: { title: true } } },
  });
  const byId = new Map(lots.map((l) => [l.id, l]));
  return bids.flatMap((b) => {
    const lot = byId.get(b.lotId);
    return lot
      ? [{ bidId: b.id, lotId: b.lotId, lotTitle: lot.title, projectTitle: lot.project.title, bidDeadline: lot.bidDeadline, submittedAt: b.submittedAt }]
      : [];
  });
}

import type { Db } from "~/lib/db.server";
import type { BidFact } from "./alert-rules/types";

/** At most this many bids are looked at per run (newest first). */
export const BID_FACTS_LIMIT = 50_000;

/**
 * ACTIVE bids of live lots with where they came from and the bond's paying account, for the shared-trait
 * collusion rules: one query (bids ⋈ lots ⟕ bonds), newest first, bounded.
 */
export async function loadBidFacts(db: Db, liveStatuses: readonly string[], take = BID_FACTS_LIMIT): Promise<BidFact[]> {
  return db.$queryRaw<BidFact[]>`
    SELECT b.id, b."lotId", b."bidderOrgId" AS "orgId", b."uploaderIp", b."deviceId", b."ciphertextSha256",
           b."plaintextSha256", bb."payerAccount" AS "bondPayerAccount"
      FROM "Bid" b
      JOIN "Lot" l ON l.id = b."lotId" AND l.status::text = ANY(${[...liveStatuses]}::text[])
      LEFT JOIN "BidBond" bb ON bb."bidId" = b.id
     WHERE b.status = 'ACTIVE'
     ORDER BY b."submittedAt" DESC
     LIMIT ${take}`;
}

import { statusesIn } from "~/domain/tenders/lot-phases";
import type { Db } from "~/lib/db.server";
import { GENERIC_AUTHORS } from "./alert-rules/identical-document-author";
import type { DocumentTraitFact, PriceFact } from "./alert-rules/types";

/** Lots whose read-out (唱标) results the collusion rules still look at. */
export const READ_OUT_LIVE = [...statusesIn("openedRunning")];

/**
 * Read-out prices: every DECRYPTED bid's total (BidDecryption.totalPriceFen) of halls that have read out
 * (readAt set — before 唱标 no price is looked at, not even by the rules), for lots still live. One query.
 */
export async function loadPriceFacts(db: Db): Promise<PriceFact[]> {
  const rows = await db.$queryRaw<{ lotId: string; bidId: string; orgId: string; priceFen: bigint }[]>`
    SELECT s."lotId", d."bidId", d."bidderOrgId" AS "orgId", d."totalPriceFen" AS "priceFen"
    FROM "BidDecryption" d
    JOIN "OpeningSession" s ON s.id = d."sessionId"
    JOIN "Lot" l ON l.id = s."lotId"
    WHERE s."readAt" IS NOT NULL AND d.status = 'DECRYPTED' AND d."totalPriceFen" IS NOT NULL
      AND l.status::text = ANY(${READ_OUT_LIVE}::text[])
    ORDER BY s."lotId"`;
  const byLot = new Map<string, PriceFact>();
  for (const r of rows) {
    let lot = byLot.get(r.lotId);
    if (!lot) byLot.set(r.lotId, (lot = { lotId: r.lotId, bids: [] }));
    lot.bids.push({ bidId: r.bidId, orgId: r.orgId, priceFen: BigInt(r.priceFen) });
  }
  return [...byLot.values()];
}

/**
 * PDF metadata shared across bidders, grouped in SQL: per lot, each non-generic author (trimmed when
 * stored, compared case-insensitively) and each PDF file id found in the bids of two or more organisations. Only the
 * shared values leave the database, so the cost does not grow with the number of PDFs per bid.
 */
export async function loadDocumentTraits(db: Db): Promise<DocumentTraitFact[]> {
  // One pass over the metadata of live lots, each row giving its two keys; `shared` keeps the keys seen
  // more than once (a cheap hash aggregate: almost every value is unique), and only those are listed.
  const rows = await db.$queryRaw<{ lotId: string; trait: "author" | "documentId"; value: string; bidIds: string[]; orgIds: string[]; fileNames: string[] }[]>`
    WITH keyed AS MATERIALIZED (
      SELECT m."lotId", m."bidId", m."orgId", m."fileName", t.trait, t.k, t.v
        FROM "BidDocumentMetadata" m
        JOIN "Lot" l ON l.id = m."lotId" AND l.status::text = ANY(${READ_OUT_LIVE}::text[])
        CROSS JOIN LATERAL (VALUES ('author', lower(m.author), m.author), ('documentId', m."documentId", m."documentId")) AS t(trait, k, v)
       WHERE t.k <> '' AND NOT (t.trait = 'author' AND t.k = ANY(${GENERIC_AUTHORS}::text[]))
    ), shared AS (
      SELECT "lotId", trait, k FROM keyed GROUP BY "lotId", trait, k HAVING count(*) > 1
    )
    SELECT k."lotId", k.trait, min(k.v) AS value,
           array_agg(DISTINCT k."bidId"::text) AS "bidIds", array_agg(DISTINCT k."orgId"::text) AS "orgIds",
           array_agg(DISTINCT k."fileName") AS "fileNames"
      FROM keyed k
      JOIN shared s ON s."lotId" = k."lotId" AND s.trait = k.trait AND s.k = k.k
     GROUP BY k."lotId", k.trait, k.k
    HAVING count(DISTINCT k."orgId") >= 2`;
  return rows;
}

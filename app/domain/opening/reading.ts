import { amountInWords } from "~/lib/money";
import type { BidDecryptionStatus, DecryptionFault } from "~/generated/prisma/enums";
import { formatFen } from "~/lib/money";
import type { Db, Tx } from "~/lib/db.server";

/** One line of the 唱标 table (and of the 开标记录表). */
export interface ReadingRow {
  ordinal: number;
  bidId: string;
  bidderName: string;
  submittedAt: string;
  status: BidDecryptionStatus;
  /** Only for DECRYPTED: fen as a decimal string, "¥1,234.56", and 大写. */
  totalPriceFen: string | null;
  priceText: string | null;
  priceInWords: string | null;
  durationDays: number | null;
  fields: { name: string; value: string }[];
  fault: DecryptionFault | null;
}

/**
 * The 唱标 table: every bid of the hall in the fixed order of BidDecryption.ordinal — bid submission time
 * ascending (then bid id), assigned when the host started (docs/opening-hall.md). Prices only for bids
 * that decrypted and verified; the others are listed with their outcome.
 */
export async function buildReading(db: Db | Tx, sessionId: string): Promise<ReadingRow[]> {
  const ds = await db.bidDecryption.findMany({ where: { sessionId }, orderBy: { ordinal: "asc" } });
  const [orgs, bids] = await Promise.all([
    db.organisation.findMany({ where: { id: { in: ds.map((d) => d.bidderOrgId) } }, select: { id: true, name: true } }),
    db.bid.findMany({ where: { id: { in: ds.map((d) => d.bidId) } }, select: { id: true, submittedAt: true } }),
  ]);
  const name = new Map(orgs.map((o) => [o.id, o.name]));
  const at = new Map(bids.map((b) => [b.id, b.submittedAt]));
  return ds.map((d) => {
    const ok = d.status === "DECRYPTED" && d.totalPriceFen !== null;
    return {
      ordinal: d.ordinal,
      bidId: d.bidId,
      bidderName: name.get(d.bidderOrgId) ?? d.bidderOrgId,
      submittedAt: (at.get(d.bidId) ?? new Date(0)).toISOString(),
      status: d.status,
      totalPriceFen: ok ? d.totalPriceFen!.toString() : null,
      priceText: ok ? formatFen(d.totalPriceFen!) : null,
      priceInWords: ok ? amountInWords(d.totalPriceFen!) : null,
      durationDays: ok ? d.durationDays : null,
      fields: ok ? ((d.fields as { name: string; value: string }[] | null) ?? []) : [],
      fault: d.fault,
    };
  });
}

import { createHash } from "node:crypto";
import type { AlertRule, PriceFact, RaisedAlert } from "./types";

/** Two prices whose difference is at most this many per-mille of the higher one are "nearly identical". */
export const NEAR_IDENTICAL_PER_MILLE = 5n; // 0.5 %

type Priced = PriceFact["bids"][number];
export const byPrice = (a: Priced, b: Priced) => (a.priceFen < b.priceFen ? -1 : a.priceFen > b.priceFen ? 1 : a.bidId.localeCompare(b.bidId));
export const shortHash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);
/** Evidence shared by the price rules: the bids, their organisations and amounts (fen; shown as yuan). */
export const priceEvidence = (g: Priced[]) => ({
  bidIds: g.map((b) => b.bidId).join(","),
  orgIds: g.map((b) => b.orgId).join(","),
  pricesFen: g.map((b) => b.priceFen.toString()).join(","),
});

/**
 * 实施条例第四十条 / 投标报价异常一致: read-out prices (唱标) of different bidders within 0.5 % of each
 * other. Adjacent prices (sorted) chain into one group, so three bidders within 0.5 % are one alert.
 * Exact integer arithmetic on fen: (high − low) × 1000 ≤ 5 × high.
 */
export const nearlyIdenticalPrices: AlertRule = {
  id: "nearly-identical-prices",
  evaluate({ prices }) {
    const out: RaisedAlert[] = [];
    for (const lot of prices) {
      const sorted = lot.bids.filter((b) => b.priceFen > 0n).sort(byPrice);
      let group: Priced[] = [];
      const flush = () => {
        if (new Set(group.map((b) => b.orgId)).size >= 2) {
          const hi = group[group.length - 1]!.priceFen;
          const lo = group[0]!.priceFen;
          out.push({
            kind: "COLLUSION_NEAR_IDENTICAL_PRICE",
            severity: "RED",
            lotId: lot.lotId,
            messageCode: "supervision:alerts.COLLUSION_NEAR_IDENTICAL_PRICE",
            // Difference in basis points of the higher price, rounded up, for the explanation.
            params: { ...priceEvidence(group), spreadBp: Number(((hi - lo) * 10_000n + hi - 1n) / hi) },
            dedupeKey: `near-identical-price-${lot.lotId}-${shortHash(group.map((b) => b.bidId).join(","))}`,
          });
        }
        group = [];
      };
      for (const b of sorted) {
        const prev = group[group.length - 1];
        if (prev && (b.priceFen - prev.priceFen) * 1000n > NEAR_IDENTICAL_PER_MILLE * b.priceFen) flush();
        group.push(b);
      }
      flush();
    }
    return out;
  },
};

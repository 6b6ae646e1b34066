import type { AlertRule, RaisedAlert } from "./types";

/** Prices within this fraction of each other are "nearly identical". */
export const NEAR_IDENTICAL_RATIO = 0.001;

/**
 * 实施条例第四十条 (投标报价呈规律性差异) and near-identical prices, from decrypted price sheets after
 * opening. Nearly identical: two bidders within 0.1 %. Regular pattern: three or more prices forming an
 * arithmetic progression (equal steps, within 0.1 % of the step). Silent when no prices are known.
 */
export const pricePattern: AlertRule = {
  id: "price-pattern",
  evaluate({ prices }) {
    const out: RaisedAlert[] = [];
    for (const lot of prices) {
      const sorted = [...lot.bids].filter((b) => b.priceFen > 0).sort((a, b) => a.priceFen - b.priceFen);
      for (let i = 1; i < sorted.length; i++) {
        const [a, b] = [sorted[i - 1]!, sorted[i]!];
        if (a.orgId !== b.orgId && (b.priceFen - a.priceFen) / b.priceFen <= NEAR_IDENTICAL_RATIO) {
          out.push({
            kind: "COLLUSION_NEAR_IDENTICAL_PRICE",
            severity: "RED",
            lotId: lot.lotId,
            messageCode: "supervision:alerts.COLLUSION_NEAR_IDENTICAL_PRICE",
            params: { bidIds: `${a.bidId},${b.bidId}`, orgIds: `${a.orgId},${b.orgId}`, prices: `${a.priceFen},${b.priceFen}` },
            dedupeKey: `near-identical-price-${lot.lotId}-${a.bidId}-${b.bidId}`,
          });
        }
      }
      if (sorted.length >= 3) {
        const steps = sorted.slice(1).map((b, i) => b.priceFen - sorted[i]!.priceFen);
        const step = steps[0]!;
        const regular = step > 0 && steps.every((s) => Math.abs(s - step) <= Math.max(1, step * NEAR_IDENTICAL_RATIO));
        if (regular && new Set(sorted.map((b) => b.orgId)).size === sorted.length) {
          out.push({
            kind: "COLLUSION_PRICE_PATTERN",
            severity: "RED",
            lotId: lot.lotId,
            messageCode: "supervision:alerts.COLLUSION_PRICE_PATTERN",
            params: { bidIds: sorted.map((b) => b.bidId).join(","), prices: sorted.map((b) => b.priceFen).join(","), stepFen: step },
            dedupeKey: `price-pattern-${lot.lotId}-${sorted.length}`,
          });
        }
      }
    }
    return out;
  },
};

import type { Rule } from "../types";
import { formatYuan } from "~/lib/money";
import { violationOf } from "../violation";

type P = { belowMeanPercent: number; replyMinutes: number };

/**
 * 清标: a price below the mean of the valid read-out prices by more than `belowMeanPercent` % is abnormally
 * low; the bidder is asked to explain in writing within `replyMinutes` (with proof) before the committee decides, and the bid is
 * invalid / rejected when it cannot show the price is not below its cost. The share is the centre's
 * (the law names no number): a rule parameter. Integer arithmetic: price × 100 < mean × (100 − p).
 */
export const abnormallyLowPrice: Rule<P> = {
  id: "abnormallyLowPrice",
  article: {
    CONSTRUCTION: {
      zh: "招标投标法第三十三条、招标投标法实施条例第五十一条第（五）项、评标委员会和评标方法暂行规定第二十一条",
      en: "Tendering Law art. 33; Implementing Regulation art. 51(5); Interim Provisions on Evaluation Committees art. 21",
    },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第六十条",
      en: "MOF Order No. 87 art. 60",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { belowMeanPercent: "centre", replyMinutes: "centre" },
  check(input, p) {
    const prices = input.bidPrices;
    if (!prices || prices.length === 0) return null;
    const low = abnormallyLowPrices(prices, p);
    if (low.length === 0) return null;
    return violationOf(this, input, { price: formatYuan(low[0]!), threshold: formatYuan(abnormalThresholdFen(prices, p)), percent: p.belowMeanPercent }, "bidPrices");
  },
};

/** The price below which a bid is abnormally low: mean × (100 − p) / 100, in fen (floor). */
export function abnormalThresholdFen(prices: readonly bigint[], p: Pick<P, "belowMeanPercent">): bigint {
  const sum = prices.reduce((a, b) => a + b, 0n);
  return (sum * BigInt(100 - Math.min(100, p.belowMeanPercent))) / (BigInt(prices.length) * 100n);
}

export function abnormallyLowPrices(prices: readonly bigint[], p: Pick<P, "belowMeanPercent">): bigint[] {
  if (prices.length < 2) return [];
  const n = BigInt(prices.length);
  const sum = prices.reduce((a, b) => a + b, 0n);
  const factor = BigInt(100 - Math.min(100, p.belowMeanPercent));
  // price < sum/n × factor/100  ⇔  price × n × 100 < sum × factor
  return prices.filter((x) => x * n * 100n < sum * factor);
}

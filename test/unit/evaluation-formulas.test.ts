import { describe, expect, it } from "vitest";
import { computeResults } from "~/domain/evaluation/compute-results";
import { parseScoreX100, parseYuanToFen } from "~/domain/evaluation/evaluation-config";
import { evaluatedPriceFen } from "~/domain/evaluation/formulas/evaluated-price";
import { meanScoreX100 } from "~/domain/evaluation/formulas/mean-score";
import { priceScoreBenchmarkDeviation } from "~/domain/evaluation/formulas/price-score-benchmark-deviation";
import { priceScoreLowestRatio } from "~/domain/evaluation/formulas/price-score-lowest-ratio";
import { roundHalfUp } from "~/domain/evaluation/formulas/round-half-up";
import { abnormallyLowPrices } from "~/domain/rules/statutory/abnormally-low-price";
import { isDeviant } from "~/domain/rules/statutory/score-deviation";

describe("scoring formulas (exact, 四舍五入)", () => {
  it("rounds half up, also for negatives", () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(7n, 3n)).toBe(2n);
    expect(roundHalfUp(-5n, 2n)).toBe(-3n);
  });

  it("87号令: lowest valid price ÷ price × max", () => {
    expect(priceScoreLowestRatio(400_000_00n, 400_000_00n, 3000)).toBe(3000);
    expect(priceScoreLowestRatio(450_000_00n, 400_000_00n, 4000)).toBe(3556); // 35.555… → 35.56
    expect(priceScoreLowestRatio(0n, 1n, 3000)).toBe(0);
  });

  it("工程 benchmark deviation: mean benchmark, deductions per percent above and below, floor 0", () => {
    const p = { deductAbovePerPercentX100: 100, deductBelowPerPercentX100: 50 };
    const prices = [90n, 100n, 110n]; // mean 100
    expect(priceScoreBenchmarkDeviation(100n, prices, 4000, p)).toBe(4000);
    expect(priceScoreBenchmarkDeviation(110n, prices, 4000, p)).toBe(3000); // 10 % above × 1 point
    expect(priceScoreBenchmarkDeviation(90n, prices, 4000, p)).toBe(3500); // 10 % below × 0.5 point
    expect(priceScoreBenchmarkDeviation(1000n, [1000n, 10n], 4000, p)).toBe(0);
  });

  it("mean of member totals to two decimals; evaluated price with the mean adjustment", () => {
    expect(meanScoreX100([8000, 8001, 8001])).toBe(8001); // 80.0066… → 80.01
    expect(meanScoreX100([])).toBe(0);
    expect(evaluatedPriceFen(100_00n, [1_00n, 2_00n])).toBe(101_50n);
  });

  it("parses typed scores and amounts strictly", () => {
    expect(parseScoreX100("12.5")).toBe(1250);
    expect(parseScoreX100("12.345")).toBeNull();
    expect(parseScoreX100("1e2")).toBeNull();
    expect(parseScoreX100("-1")).toBeNull();
    expect(parseYuanToFen("-12.30")).toBe(-1230n);
    expect(parseYuanToFen("abc")).toBeNull();
  });

  it("abnormally low: below the mean by more than the centre's share", () => {
    expect(abnormallyLowPrices([100n, 100n, 100n, 50n], { belowMeanPercent: 20 })).toEqual([50n]);
    expect(abnormallyLowPrices([100n, 95n, 90n], { belowMeanPercent: 20 })).toEqual([]);
  });

  it("deviation: more than p % of the maximum from the others' mean", () => {
    expect(isDeviant({ maxX100: 2000, scoreX100: 500, medianX100: 1600 }, { percentOfMax: 30 })).toBe(true);
    expect(isDeviant({ maxX100: 2000, scoreX100: 1100, medianX100: 1600 }, { percentOfMax: 30 })).toBe(false);
  });

  it("ranks by mean total, ties by lower price, and flags the outlier", () => {
    const criteria = [
      { key: "p", name: "价格", max: 30, price: true },
      { key: "t", name: "技术", max: 70, price: false },
    ];
    const bids = [
      { id: "a", ordinal: 1, priceFen: 120n, valid: true },
      { id: "b", ordinal: 2, priceFen: 100n, valid: true },
      { id: "c", ordinal: 3, priceFen: 90n, valid: false },
    ];
    const sheet = (memberId: string, seat: number, a: string, b: string) => ({ memberId, seat, scores: { a: { t: a }, b: { t: b } } });
    const r = computeResults({
      method: "COMPREHENSIVE",
      profile: "GOVERNMENT_PROCUREMENT",
      criteria,
      bids,
      sheets: [sheet("m1", 1, "65", "60"), sheet("m2", 2, "65", "60"), sheet("m3", 3, "10", "60")],
      params: { percentOfMax: 30, deductAbovePerPercentX100: 0, deductBelowPerPercentX100: 0 },
    });
    // a: price 25.00 (100/120×30), totals 90, 90, 35 → 71.67; b: price 30, totals 90 → 90.00
    expect(r.ranking.map((x) => [x.bidId, x.totalX100])).toEqual([["b", 9000], ["a", 7167]]);
    expect(r.deviations).toEqual([expect.objectContaining({ seat: 3, bidId: "a", criterionKey: "t", scoreX100: 1000, medianX100: 6500 })]);
  });
});

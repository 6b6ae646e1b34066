import { byPrice, priceEvidence, shortHash } from "./nearly-identical-prices";
import type { AlertRule, PriceFact, RaisedAlert } from "./types";

/** Gaps count as equal within max(1 yuan, 0.1 % of the first gap). */
export const STEP_TOLERANCE_FEN = 100n;
export const STEP_TOLERANCE_PER_MILLE = 1n;
/** Equal final digits: at least this many bidders share the last TAIL_DIGITS significant digits. */
export const TAIL_DIGITS = 4;
export const TAIL_MIN_BIDS = 3;

type Priced = PriceFact["bids"][number];

/**
 * Runs of ≥ 3 consecutive prices (sorted) whose gaps are equal within the tolerance: an arithmetic
 * progression, the classic "报价呈规律性差异". Zero gaps are left to nearly-identical-prices.
 */
export function arithmeticRuns(sorted: Priced[]): { run: Priced[]; stepFen: bigint }[] {
  const runs: { run: Priced[]; stepFen: bigint }[] = [];
  let i = 0;
  while (i + 2 < sorted.length) {
    const step = sorted[i + 1]!.priceFen - sorted[i]!.priceFen;
    const tol = step * STEP_TOLERANCE_PER_MILLE / 1000n > STEP_TOLERANCE_FEN ? (step * STEP_TOLERANCE_PER_MILLE) / 1000n : STEP_TOLERANCE_FEN;
    let j = i + 1;
    while (step > 0n && j + 1 < sorted.length) {
      const gap = sorted[j + 1]!.priceFen - sorted[j]!.priceFen;
      if ((gap > step ? gap - step : step - gap) > tol) break;
      j++;
    }
    if (j - i + 1 >= 3) {
      runs.push({ run: sorted.slice(i, j + 1), stepFen: step });
      i = j;
    } else i++;
  }
  return runs;
}

/** The last TAIL_DIGITS digits after the trailing zeros, and how many zeros: "3721@2" for 1 203 721 00 fen. */
export function significantTail(fen: bigint): string | null {
  let s = fen.toString();
  const zeros = s.length - s.replace(/0+$/, "").length;
  s = s.slice(0, s.length - zeros);
  // A price that is all tail (or nearly round) carries no pattern.
  if (s.length <= TAIL_DIGITS) return null;
  return `${s.slice(-TAIL_DIGITS)}@${zeros}`;
}

/**
 * 实施条例第四十条 (不同投标人的投标报价呈规律性差异), from the read-out prices (唱标):
 * - three or more bidders whose prices step by the same amount (an arithmetic progression);
 * - three or more bidders whose prices end in the same four significant digits (尾数相同), e.g.
 *   ¥1,234,567.89 / ¥1,198,867.89 / ¥1,301,267.89. Round prices (trailing zeros) are compared at the same
 *   position only, so "…000.00" never matches by itself.
 */
export const pricePattern: AlertRule = {
  id: "price-pattern",
  evaluate({ prices }) {
    const out: RaisedAlert[] = [];
    for (const lot of prices) {
      const sorted = lot.bids.filter((b) => b.priceFen > 0n).sort(byPrice);
      for (const { run, stepFen } of arithmeticRuns(sorted)) {
        if (new Set(run.map((b) => b.orgId)).size < 3) continue;
        out.push({
          kind: "COLLUSION_PRICE_PATTERN",
          severity: "RED",
          lotId: lot.lotId,
          messageCode: "supervision:alerts.COLLUSION_PRICE_PATTERN",
          params: { ...priceEvidence(run), stepFen: stepFen.toString() },
          dedupeKey: `price-pattern-${lot.lotId}-${shortHash(run.map((b) => b.bidId).join(","))}`,
        });
      }
      const tails = new Map<string, Priced[]>();
      for (const b of sorted) {
        const t = significantTail(b.priceFen);
        if (t) tails.set(t, [...(tails.get(t) ?? []), b]);
      }
      for (const [tail, g] of tails) {
        if (new Set(g.map((b) => b.orgId)).size < TAIL_MIN_BIDS) continue;
        out.push({
          kind: "COLLUSION_PRICE_TAIL",
          severity: "RED",
          lotId: lot.lotId,
          messageCode: "supervision:alerts.COLLUSION_PRICE_TAIL",
          params: { ...priceEvidence(g), tailDigits: tail.split("@")[0]! },
          dedupeKey: `price-tail-${lot.lotId}-${shortHash(tail)}`,
        });
      }
    }
    return out;
  },
};

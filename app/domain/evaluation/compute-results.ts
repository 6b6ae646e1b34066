import type { EvaluationMethod, ProcurementType } from "~/generated/prisma/enums";
import { isDeviant } from "~/domain/rules/statutory/score-deviation";
import { formatX100, parseScoreX100, parseYuanToFen, type Criterion, type EvaluationParams } from "./evaluation-config";
import { evaluatedPriceFen } from "./formulas/evaluated-price";
import { meanScoreX100 } from "./formulas/mean-score";
import { priceScoreBenchmarkDeviation } from "./formulas/price-score-benchmark-deviation";
import { priceScoreLowestRatio } from "./formulas/price-score-lowest-ratio";
import { ROUNDING_RULE } from "./formulas/round-half-up";
import { TIE_BREAK_RULE, TIE_BREAK_RULE_LOWEST } from "./formulas/tie-break";

export interface ResultBid {
  id: string;
  ordinal: number;
  priceFen: bigint;
  valid: boolean;
}

export interface ResultSheet {
  memberId: string;
  seat: number;
  scores: Record<string, Record<string, string>>;
}

export interface ComputeInput {
  method: EvaluationMethod;
  profile: ProcurementType;
  criteria: readonly Criterion[];
  bids: readonly ResultBid[];
  /** Submitted sheets of the seated members. */
  sheets: readonly ResultSheet[];
  params: Pick<EvaluationParams, "percentOfMax" | "deductAbovePerPercentX100" | "deductBelowPerPercentX100">;
}

export interface Deviation {
  memberId: string;
  seat: number;
  bidId: string;
  ordinal: number;
  criterionKey: string;
  scoreX100: number;
  medianX100: number;
  maxX100: number;
}

export interface RankedResult {
  bidId: string;
  ordinal: number;
  rank: number;
  priceFen: bigint;
  /** COMPREHENSIVE: mean total, hundredths. */
  totalX100: number | null;
  /** Each member's total (seat order), hundredths. */
  memberTotalsX100: number[];
  priceScoreX100: number | null;
  /** LOWEST_PRICE. */
  evaluatedPriceFen: bigint | null;
  /** Same score (or evaluated price) and price as the one before: 并列. */
  tiedWithPrevious: boolean;
}

export interface Results {
  ranking: RankedResult[];
  deviations: Deviation[];
  roundingRule: string;
  tieBreakRule: string;
}

/**
 * THE computation of an evaluation: price scores by the profile's formula, each member's totals, the
 * means (two decimals, 四舍五入), the ranking with its tie-break, and the scoring deviations. Pure and
 * exact (integers of hundredths / fen), so the report, the outcome and the bench all read the same numbers.
 */
export function computeResults(input: ComputeInput): Results {
  const valid = input.bids.filter((b) => b.valid);
  const sheets = [...input.sheets].sort((a, b) => a.seat - b.seat);
  if (input.method === "LOWEST_PRICE") return lowestPrice(valid, sheets);

  const prices = valid.map((b) => b.priceFen);
  const lowest = prices.reduce((a, b) => (b < a ? b : a), prices[0] ?? 0n);
  const priceCrit = input.criteria.find((c) => c.price);
  const priceScore = new Map<string, number>();
  for (const b of valid) {
    if (!priceCrit) break;
    const max = priceCrit.max * 100;
    priceScore.set(
      b.id,
      input.profile === "GOVERNMENT_PROCUREMENT"
        ? priceScoreLowestRatio(b.priceFen, lowest, max)
        : priceScoreBenchmarkDeviation(b.priceFen, prices, max, input.params),
    );
  }
  const typed = input.criteria.filter((c) => !c.price);
  // score[s][b][c] in hundredths (missing or malformed = 0: a submitted sheet is complete by construction).
  const score = (s: ResultSheet, bidId: string, key: string) => parseScoreX100(s.scores[bidId]?.[key] ?? "") ?? 0;

  const rows = valid.map((b) => {
    const memberTotalsX100 = sheets.map((s) => typed.reduce((sum, c) => sum + score(s, b.id, c.key), 0) + (priceScore.get(b.id) ?? 0));
    return { b, memberTotalsX100, totalX100: meanScoreX100(memberTotalsX100) };
  });
  rows.sort((x, y) => y.totalX100 - x.totalX100 || cmp(x.b.priceFen, y.b.priceFen) || x.b.ordinal - y.b.ordinal);

  const deviations: Deviation[] = [];
  if (sheets.length >= 3) {
    for (const b of valid) {
      for (const c of typed) {
        const all = sheets.map((s) => score(s, b.id, c.key));
        const medianX100 = median(all);
        sheets.forEach((s, i) => {
          const d = { maxX100: c.max * 100, scoreX100: all[i]!, medianX100 };
          if (isDeviant(d, input.params)) deviations.push({ memberId: s.memberId, seat: s.seat, bidId: b.id, ordinal: b.ordinal, criterionKey: c.key, ...d });
        });
      }
    }
  }
  return {
    ranking: rows.map((r, i) => ({
      bidId: r.b.id,
      ordinal: r.b.ordinal,
      rank: i + 1,
      priceFen: r.b.priceFen,
      totalX100: r.totalX100,
      memberTotalsX100: r.memberTotalsX100,
      priceScoreX100: priceScore.get(r.b.id) ?? null,
      evaluatedPriceFen: null,
      tiedWithPrevious: i > 0 && rows[i - 1]!.totalX100 === r.totalX100 && rows[i - 1]!.b.priceFen === r.b.priceFen,
    })),
    deviations,
    roundingRule: ROUNDING_RULE,
    tieBreakRule: TIE_BREAK_RULE,
  };
}

function lowestPrice(valid: readonly ResultBid[], sheets: readonly ResultSheet[]): Results {
  const rows = valid.map((b) => {
    const adj = sheets.map((s) => parseYuanToFen(s.scores[b.id]?.adjust ?? "0") ?? 0n);
    return { b, evaluated: evaluatedPriceFen(b.priceFen, adj) };
  });
  rows.sort((x, y) => cmp(x.evaluated, y.evaluated) || cmp(x.b.priceFen, y.b.priceFen) || x.b.ordinal - y.b.ordinal);
  return {
    ranking: rows.map((r, i) => ({
      bidId: r.b.id,
      ordinal: r.b.ordinal,
      rank: i + 1,
      priceFen: r.b.priceFen,
      totalX100: null,
      memberTotalsX100: [],
      priceScoreX100: null,
      evaluatedPriceFen: r.evaluated,
      tiedWithPrevious: i > 0 && rows[i - 1]!.evaluated === r.evaluated && rows[i - 1]!.b.priceFen === r.b.priceFen,
    })),
    deviations: [],
    roundingRule: "ROUND_HALF_UP_FEN",
    tieBreakRule: TIE_BREAK_RULE_LOWEST,
  };
}

/** The committee's median (the mean of the middle two for an even count, rounded): one outlier cannot move it. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** JSON-safe form of the results (bigint as strings) for EvaluationSession.results. */
export function resultsToJson(r: Results) {
  return {
    ...r,
    ranking: r.ranking.map((x) => ({
      ...x,
      priceFen: x.priceFen.toString(),
      evaluatedPriceFen: x.evaluatedPriceFen?.toString() ?? null,
      total: x.totalX100 === null ? null : formatX100(x.totalX100),
    })),
  };
}
export type ResultsJson = ReturnType<typeof resultsToJson>;

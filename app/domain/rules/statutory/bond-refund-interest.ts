import type { Rule } from "../types";
import { formatYuan } from "~/lib/money";
import { violationOf } from "../violation";

type P = { annualRateBp: number };

/**
 * The bid bond goes back with the bank's interest for the same period (实施条例 art. 57). The rate is the
 * centre's parameter (annual, basis points; default 35 = 0.35 %, the demand-deposit benchmark), kept by the
 * admin; only cash bonds (account transfer) earn interest. A refund may not exceed bond + interest.
 */
export const bondRefundInterest: Rule<P> = {
  id: "bondRefundInterest",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十七条", en: "Tendering Law Implementing Regulation art. 57" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第三十三条", en: "Government Procurement Law Implementing Regulation art. 33" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { annualRateBp: "atLeast" },
  check(input) {
    const r = input.bondRefund;
    if (!r || r.refundedFen == null || r.bondFen == null) return null;
    const max = r.bondFen + (r.interestFen ?? 0n);
    if (r.refundedFen <= max) return null;
    return violationOf(this, input, { max: formatYuan(max), amount: formatYuan(r.refundedFen) }, "refundedYuan");
  },
};

/**
 * Simple interest in fen for `days` days at `annualRateBp`, on an actual/365 basis, rounded half up
 * (ROUND_HALF_UP to the fen, as banks post interest). Exact integer arithmetic.
 */
export function bondInterestFen(bondFen: bigint, annualRateBp: number, days: number): bigint {
  if (days <= 0 || annualRateBp <= 0) return 0n;
  const num = bondFen * BigInt(annualRateBp) * BigInt(days);
  const den = 10_000n * 365n;
  return (num * 2n + den) / (den * 2n);
}

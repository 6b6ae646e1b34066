import type { Rule } from "../types";
import { violationOf } from "../violation";

/**
 * The buyer's representatives on the evaluation committee (招标人代表 / 采购人代表): the committee is the
 * buyer's representatives and the experts, the experts at least 2/3 of the members — so the representatives
 * are at most 1/3 of it. With the expert count fixed by the draw, that is: representatives × 3 ≤ (experts +
 * representatives) × 1, i.e. at most ⌊experts / 2⌋. Compared in integers. The committee's total (odd, at least
 * 5, 7 for a large 政府采购 budget) is committeeComposition's, checked when the evaluation starts.
 */
type P = { maxShareNumerator: number; maxShareDenominator: number };

export const buyerRepresentatives: Rule<P> = {
  id: "buyerRepresentatives",
  article: {
    CONSTRUCTION: { zh: "招标投标法第三十七条", en: "Tendering Law art. 37" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第四十七条",
      en: "MOF Order No. 87 art. 47",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { maxShareNumerator: "atMost", maxShareDenominator: "fixed" },
  check(input, p) {
    const r = input.representatives;
    if (!r) return null;
    if (r.representatives * p.maxShareDenominator <= (r.experts + r.representatives) * p.maxShareNumerator) return null;
    return violationOf(this, input, { max: maxRepresentatives(r.experts, p), named: r.representatives, experts: r.experts }, "userId");
  },
};

/** The most representatives beside `experts` experts: the largest n with n × den ≤ (experts + n) × num. */
export function maxRepresentatives(experts: number, p: P): number {
  const free = p.maxShareDenominator - p.maxShareNumerator;
  return free <= 0 ? experts : Math.floor((experts * p.maxShareNumerator) / free);
}

import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { percentOfMax: number };

/**
 * 评分畸高畸低: a member's score on a criterion that stands more than `percentOfMax` % of the criterion's
 * maximum away from the committee's median score (the median, so that one outlier does not make the
 * others look deviant too) is flagged in the report and alerts the
 * supervisors. The law names no number: the share is the centre's (a rule parameter).
 */
export const scoreDeviation: Rule<P> = {
  id: "scoreDeviation",
  article: {
    CONSTRUCTION: {
      zh: "招标投标法实施条例第四十九条、评标委员会和评标方法暂行规定第十三条",
      en: "Tendering Law Implementing Regulation art. 49; Interim Provisions on Evaluation Committees art. 13",
    },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第六十四条第（四）项",
      en: "MOF Order No. 87 art. 64(4)",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { percentOfMax: "centre" },
  check(input, p) {
    const d = input.scoreDeviation;
    if (!d || !isDeviant(d, p)) return null;
    return violationOf(this, input, { score: (d.scoreX100 / 100).toFixed(2), mean: (d.medianX100 / 100).toFixed(2), percent: p.percentOfMax }, "scores");
  },
};

/** |score − committee median| × 100 > max × p (all in hundredths of a point). */
export function isDeviant(d: { maxX100: number; scoreX100: number; medianX100: number }, p: P): boolean {
  return Math.abs(d.scoreX100 - d.medianX100) * 100 > d.maxX100 * p.percentOfMax;
}

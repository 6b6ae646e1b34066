import type { Rule } from "../types";
import { violationOf } from "../violation";

/**
 * Evaluation committee: at least 5 members, an odd number, experts at least 2/3 of the members.
 * 政府采购 with a budget of 10 million yuan or more: at least 7 (largeBudgetFen / largeMinMembers;
 * largeBudgetFen 0 = no such tier). The 2/3 share is compared in integers: experts × 3 ≥ members × 2.
 */
type P = {
  minMembers: number;
  expertShareNumerator: number;
  expertShareDenominator: number;
  largeBudgetFen: number;
  largeMinMembers: number;
};

export const committeeComposition: Rule<P> = {
  id: "committeeComposition",
  article: {
    CONSTRUCTION: {
      zh: "招标投标法第三十七条、招标投标法实施条例第四十六条",
      en: "Tendering Law art. 37; Implementing Regulation art. 46",
    },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第四十七条",
      en: "MOF Order No. 87 art. 47",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {
    minMembers: "atLeast",
    expertShareNumerator: "atLeast",
    expertShareDenominator: "fixed",
    largeBudgetFen: "atMost",
    largeMinMembers: "atLeast",
  },
  check(input, p) {
    const c = input.committee;
    if (!c) return null;
    const large =
      p.largeBudgetFen > 0 && input.estimatedPriceFen != null && input.estimatedPriceFen >= BigInt(p.largeBudgetFen);
    const min = large ? Math.max(p.minMembers, p.largeMinMembers) : p.minMembers;
    const base = { members: c.members, experts: c.experts, min };
    if (c.members < min) return violationOf(this, input, base, "committee", large ? "tooFewLarge" : "tooFew");
    if (c.members % 2 === 0) return violationOf(this, input, base, "committee", "even");
    if (c.experts < 0 || c.experts > c.members || c.experts * p.expertShareDenominator < c.members * p.expertShareNumerator) {
      return violationOf(this, input, base, "committee", "experts");
    }
    return null;
  },
};

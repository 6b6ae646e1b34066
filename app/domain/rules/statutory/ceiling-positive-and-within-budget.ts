import { formatYuan } from "~/lib/money";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = Record<string, never>;

/**
 * The ceiling price (最高投标限价) must be above zero and not above the estimated price (工程) or the
 * budget (政府采购: the ceiling is set "within the budget").
 */
export const ceilingPositiveAndWithinBudget: Rule<P> = {
  id: "ceilingPositiveAndWithinBudget",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第二十七条", en: "Tendering Law Implementing Regulation art. 27" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第十二条",
      en: "MOF Order No. 87 art. 12",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const { ceilingPriceFen: ceiling, estimatedPriceFen: estimate } = input;
    if (ceiling == null) return null;
    if (ceiling <= 0n) return violationOf(this, input, {}, "ceilingPriceFen", "notPositive");
    if (estimate != null && ceiling > estimate) {
      return violationOf(this, input, { ceiling: formatYuan(ceiling), estimate: formatYuan(estimate) }, "ceilingPriceFen");
    }
    return null;
  },
};

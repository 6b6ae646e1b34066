import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { deductAbovePerPercentX100: number; deductBelowPerPercentX100: number };

/**
 * The price score of comprehensive scoring is computed, never typed, and lies within [0, the price
 * criterion's maximum]. 工程: the deductions per 1 % above / below the benchmark price (基准价) are the
 * centre's (set per centre in the absence of a national number; 标准施工招标文件 第三章 综合评估法 2.2.4):
 * hundredths of a point per percent.
 */
export const priceScoreRange: Rule<P> = {
  id: "priceScoreRange",
  article: {
    CONSTRUCTION: { zh: "标准施工招标文件（2007年版）第三章评标办法（综合评估法）2.2.4", en: "Standard Construction Tender Documents (2007) ch. 3, comprehensive method 2.2.4" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第五十五条", en: "MOF Order No. 87 art. 55" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { deductAbovePerPercentX100: "centre", deductBelowPerPercentX100: "centre" },
  check(input) {
    const s = input.priceScore;
    if (!s || (s.scoreX100 >= 0 && s.scoreX100 <= s.maxX100)) return null;
    return violationOf(this, input, { score: (s.scoreX100 / 100).toFixed(2), max: (s.maxX100 / 100).toFixed(2) }, "scores");
  },
};

import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { goodsMinPercent: number; servicesMinPercent: number };

/**
 * 综合评分法 in 政府采购: the price weight is at least 30 % for goods and 10 % for services (works under the
 * tendering law are not bound by it).
 */
export const priceWeightMinimum: Rule<P> = {
  id: "priceWeightMinimum",
  article: {
    GOVERNMENT_PROCUREMENT: { zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第五十五条", en: "MOF Order No. 87 art. 55" },
  },
  appliesTo: ["GOVERNMENT_PROCUREMENT"],
  paramSpec: { goodsMinPercent: "atLeast", servicesMinPercent: "atLeast" },
  check(input, p) {
    const w = input.priceWeight;
    if (!w || w.subject === "WORKS") return null;
    const min = w.subject === "GOODS" ? p.goodsMinPercent : p.servicesMinPercent;
    if (w.percent >= min) return null;
    return violationOf(this, input, { percent: w.percent, min }, "criteria", w.subject === "GOODS" ? "goods" : "services");
  },
};

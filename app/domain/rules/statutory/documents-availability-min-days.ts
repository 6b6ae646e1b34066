import type { PeriodUnit } from "../periods";
import { periodCount } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { minDays: number; unit: PeriodUnit };

/**
 * How long the tender documents can be obtained: 工程 at least 5 days, 政府采购 at least 5 working days,
 * counted from the day after they are first issued through the last day of the window (ADR 0006).
 */
export const documentsAvailabilityMinDays: Rule<P> = {
  id: "documentsAvailabilityMinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第十六条", en: "Tendering Law Implementing Regulation art. 16" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第十八条",
      en: "MOF Order No. 87 (Goods and Services Tendering) art. 18",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { minDays: "atLeast", unit: "fixed" },
  check(input, { minDays, unit }, calendar) {
    const { docsAvailableFrom: from, docsAvailableTo: to } = input;
    if (!from || !to) return null;
    const actual = periodCount(calendar, unit, from, to);
    if (actual >= minDays) return null;
    return violationOf(this, input, { min: minDays, actual }, "docsAvailableTo");
  },
};

import type { Rule } from "../types";
import { formatYuan } from "~/lib/money";
import { violationOf } from "../violation";

type P = { maxPercent: number };

/** 履约保证金 is at most 10 % of the contract amount (exact in fen: bond × 100 ≤ amount × max). */
export const performanceBondMaxPercent: Rule<P> = {
  id: "performanceBondMaxPercent",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十八条", en: "Tendering Law Implementing Regulation art. 58" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第四十八条", en: "Government Procurement Law Implementing Regulation art. 48" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { maxPercent: "atMost" },
  check(input, { maxPercent }) {
    const c = input.contract;
    if (!c || c.amountFen == null || c.performanceBondFen == null) return null;
    if (c.performanceBondFen * 100n <= c.amountFen * BigInt(maxPercent)) return null;
    return violationOf(this, input, { max: maxPercent, cap: formatYuan((c.amountFen * BigInt(maxPercent)) / 100n) }, "performanceBondYuan");
  },
};

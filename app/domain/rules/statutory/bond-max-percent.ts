import { formatYuan } from "~/lib/money";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { maxPercent: number };

/**
 * The bid bond may not exceed 2 % of the estimated price (工程) or of the budget (政府采购).
 * Exact integer arithmetic on fen (bond × 100 ≤ estimate × 2): no float ever rounds a boundary.
 */
export const bondMaxPercent: Rule<P> = {
  id: "bondMaxPercent",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第二十六条", en: "Tendering Law Implementing Regulation art. 26" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购法实施条例第三十三条",
      en: "Government Procurement Law Implementing Regulation art. 33",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { maxPercent: "atMost" },
  check(input, { maxPercent }) {
    const { bondFen: bond, estimatedPriceFen: estimate } = input;
    if (bond == null || estimate == null || bond <= 0n) return null;
    const pct = BigInt(maxPercent);
    if (bond * 100n <= estimate * pct) return null;
    // The largest legal bond, rounded down to the fen.
    const maxBond = estimate > 0n ? (estimate * pct) / 100n : 0n;
    return violationOf(this, input, { max: maxPercent, bond: formatYuan(bond), maxBond: formatYuan(maxBond) }, "bondFen");
  },
};

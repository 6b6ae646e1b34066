import type { Rule } from "../types";
import { formatYuan } from "~/lib/money";
import { violationOf } from "../violation";

type P = Record<string, never>;

/**
 * The contract follows the tender documents and the winning bid: its amount is the award price. A different
 * amount is recorded only with a written change reason (then it is visible on the contract page and in the
 * archive); never silently.
 */
export const contractMatchesAward: Rule<P> = {
  id: "contractMatchesAward",
  article: {
    CONSTRUCTION: { zh: "招标投标法第四十六条、实施条例第五十七条", en: "Tendering Law art. 46; Implementing Regulation art. 57" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第四十九条、第五十条", en: "Government Procurement Law Implementing Regulation arts. 49-50" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const c = input.contract;
    if (!c || c.amountFen == null || c.awardPriceFen == null || c.amountFen === c.awardPriceFen) return null;
    if (c.changeReason && c.changeReason.trim().length > 0) return null;
    return violationOf(this, input, { award: formatYuan(c.awardPriceFen), amount: formatYuan(c.amountFen) }, "changeReason");
  },
};

import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/** The contract is signed within 30 days of the award notice (中标通知书); unsigned past it = overdue. */
export const contractWithinDays: Rule<P> = {
  id: "contractWithinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法第四十六条", en: "Tendering Law art. 46" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第四十六条", en: "Government Procurement Law art. 46" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const c = input.contract;
    if (!c || isWithinPeriod(calendar, unit, c.awardNoticeAt, withinDays, c.signedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, c.awardNoticeAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "contract", c.signedAt ? "late" : "overdue");
  },
};

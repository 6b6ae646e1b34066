import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/**
 * A complaint (投诉) to the supervising authority is filed in time: 工程 within 10 days of knowing of the
 * wrong; 政府采购 within 15 working days after the challenge answer period ends. The window is the
 * complainant's right, so a centre may widen it, never narrow it.
 */
export const complaintWindow: Rule<P> = {
  id: "complaintWindow",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第六十条", en: "Tendering Law Implementing Regulation art. 60" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第五十五条", en: "Government Procurement Law art. 55" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atLeast", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const c = input.complaint;
    if (!c || isWithinPeriod(calendar, unit, c.basisAt, withinDays, c.filedAt)) return null;
    const due = periodLastDay(calendar, unit, c.basisAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "complaint");
  },
};

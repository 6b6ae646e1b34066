import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/** 政府采购: a copy of the contract is filed (备案) with the finance department within 7 working days of signing. */
export const contractFilingWithin: Rule<P> = {
  id: "contractFilingWithin",
  article: { GOVERNMENT_PROCUREMENT: { zh: "政府采购法第四十七条", en: "Government Procurement Law art. 47" } },
  appliesTo: ["GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const c = input.contract;
    if (!c?.signedAt || isWithinPeriod(calendar, unit, c.signedAt, withinDays, c.filedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, c.signedAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "filing", c.filedAt ? "late" : "overdue");
  },
};

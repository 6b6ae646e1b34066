import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/** 工程: the buyer reports the tender in writing to the supervisor within 15 days of the award. */
export const awardReportWithinDays: Rule<P> = {
  id: "awardReportWithinDays",
  article: { CONSTRUCTION: { zh: "招标投标法第四十七条", en: "Tendering Law art. 47" } },
  appliesTo: ["CONSTRUCTION"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const a = input.award;
    if (!a?.awardedAt || isWithinPeriod(calendar, unit, a.awardedAt, withinDays, a.reportedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, a.awardedAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "report", a.reportedAt ? "late" : "overdue");
  },
};

import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/**
 * The evaluation clock. 政府采购: the agency sends the report to the buyer within 2 working days of the
 * evaluation; 工程: the law sets no number — the centre sets how long an evaluation may run (parameter).
 */
export const evaluationReportWithin: Rule<P> = {
  id: "evaluationReportWithin",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十三条（期限由交易中心设定）", en: "Tendering Law Implementing Regulation art. 53 (period set by the centre)" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第四十三条", en: "Government Procurement Law Implementing Regulation art. 43" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const r = input.evaluationReport;
    if (!r || isWithinPeriod(calendar, unit, r.startedAt, withinDays, r.completedAt ?? input.now)) return null;
    return violationOf(this, input, { max: withinDays, due: periodLastDay(calendar, unit, r.startedAt, withinDays) }, "evaluation", r.completedAt ? "late" : "overdue");
  },
};

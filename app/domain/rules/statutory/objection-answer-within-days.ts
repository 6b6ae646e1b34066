import { periodLastDay, isWithinPeriod, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/**
 * An objection (异议, 工程) is answered within 3 days of receipt, and the tender is suspended until then;
 * a challenge (质疑, 政府采购) within 7 working days. Unanswered past the due day is a violation too
 * (overdue), so supervisors' alerts can use the same rule.
 */
export const objectionAnswerWithinDays: Rule<P> = {
  id: "objectionAnswerWithinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第二十二条", en: "Tendering Law Implementing Regulation art. 22" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第五十三条", en: "Government Procurement Law art. 53" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    for (const o of input.objections ?? []) {
      const at = o.answeredAt ?? input.now;
      if (isWithinPeriod(calendar, unit, o.raisedAt, withinDays, at)) continue;
      const due = periodLastDay(calendar, unit, o.raisedAt, withinDays);
      return violationOf(this, input, { max: withinDays, due }, "objections", o.answeredAt ? "late" : "overdue");
    }
    return null;
  },
};

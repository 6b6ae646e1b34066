import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/** 政府采购: the contract is published on the designated media within 2 working days of signing. */
export const contractPublishWithin: Rule<P> = {
  id: "contractPublishWithin",
  article: { GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第五十条", en: "Government Procurement Law Implementing Regulation art. 50" } },
  appliesTo: ["GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const c = input.contract;
    if (!c?.signedAt || isWithinPeriod(calendar, unit, c.signedAt, withinDays, c.publishedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, c.signedAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "signedAt", c.publishedAt ? "late" : "overdue");
  },
};

import { isWithinPeriod, periodLastDay, type PeriodUnit } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { withinDays: number; unit: PeriodUnit };

/**
 * Bid bonds are refunded within 5 days of the contract signature (工程); 政府采购: within 5 working days
 * (the winner's bond; the others' within 5 working days of the award notice). Unrefunded past it = overdue.
 */
export const bondRefundWithinDays: Rule<P> = {
  id: "bondRefundWithinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十七条", en: "Tendering Law Implementing Regulation art. 57" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购法实施条例第三十三条",
      en: "Government Procurement Law Implementing Regulation art. 33",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { withinDays: "atMost", unit: "fixed" },
  check(input, { withinDays, unit }, calendar) {
    const r = input.bondRefund;
    if (!r || isWithinPeriod(calendar, unit, r.contractSignedAt, withinDays, r.refundedAt ?? input.now)) return null;
    const due = periodLastDay(calendar, unit, r.contractSignedAt, withinDays);
    return violationOf(this, input, { max: withinDays, due }, "bondRefund", r.refundedAt ? "late" : "overdue");
  },
};

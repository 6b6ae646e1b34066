import type { PeriodUnit } from "../periods";
import { calendarDaysBetween } from "../dates";
import { periodCount } from "../periods";
import type { Rule } from "../types";
import { violationOf } from "../violation";

/**
 * BEFORE_DEADLINE (工程): objections to the tender documents are raised up to 10 days before the bid
 * deadline, so the tender's objection cut-off must leave at least that many days.
 * AFTER_DOCUMENTS (政府采购): a supplier may challenge the documents within 7 working days of receiving
 * them (or of the end of their announcement period), so the cut-off must give the last supplier to
 * obtain them those 7 working days after the end of the availability window.
 */
type P = { minDays: number; unit: PeriodUnit; mode: "BEFORE_DEADLINE" | "AFTER_DOCUMENTS" };

export const objectionCutoffMinDays: Rule<P> = {
  id: "objectionCutoffMinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第二十二条", en: "Tendering Law Implementing Regulation art. 22" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购法第五十二条、政府采购质疑和投诉办法（财政部令第94号）第十条",
      en: "Government Procurement Law art. 52; MOF Order No. 94 art. 10",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { minDays: "atLeast", unit: "fixed", mode: "fixed" },
  check(input, { minDays, unit, mode }, calendar) {
    const cutoff = input.objectionCutoff;
    if (!cutoff) return null;
    if (mode === "BEFORE_DEADLINE") {
      if (!input.bidDeadline) return null;
      const actual = calendarDaysBetween(cutoff, input.bidDeadline);
      return actual >= minDays ? null : violationOf(this, input, { min: minDays, actual }, "objectionCutoff");
    }
    if (!input.docsAvailableTo) return null;
    const actual = periodCount(calendar, unit, input.docsAvailableTo, cutoff);
    return actual >= minDays ? null : violationOf(this, input, { min: minDays, actual }, "objectionCutoff");
  },
};

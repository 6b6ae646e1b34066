import { addDays, calendarDaysBetween, shanghaiDate } from "../dates";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { minDays: number };

/**
 * From the first day the tender documents are issued to the bid deadline: at least 20 days, counted in
 * Shanghai calendar days with the issue day not counted (ADR 0006): issued 1 March → deadline 21 March
 * or later, at any time of that day.
 */
export const documentsToDeadlineMinDays: Rule<P> = {
  id: "documentsToDeadlineMinDays",
  article: {
    CONSTRUCTION: { zh: "招标投标法第二十四条", en: "Tendering Law art. 24" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第三十五条", en: "Government Procurement Law art. 35" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { minDays: "atLeast" },
  check(input, { minDays }) {
    const { docsAvailableFrom: from, bidDeadline: deadline } = input;
    if (!from || !deadline) return null;
    const actual = calendarDaysBetween(from, deadline);
    if (actual >= minDays) return null;
    return violationOf(this, input, { min: minDays, actual, earliest: addDays(shanghaiDate(from), minDays) }, "bidDeadline");
  },
};

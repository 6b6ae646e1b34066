import { calendarDaysBetween } from "../dates";
import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { minDays: number };

/**
 * A clarification or change that may affect how bids are prepared must be published at least 15 days
 * before the bid deadline; otherwise the deadline moves (proposeDeadlineAfterChange gives the new one).
 * Reports the change that leaves the fewest days.
 */
export const changeNoticeMinDays: Rule<P> = {
  id: "changeNoticeMinDays",
  article: {
    CONSTRUCTION: {
      zh: "招标投标法第二十三条、招标投标法实施条例第二十一条",
      en: "Tendering Law art. 23; Implementing Regulation art. 21",
    },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第二十七条",
      en: "MOF Order No. 87 art. 27",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { minDays: "atLeast" },
  check(input, { minDays }) {
    const deadline = input.bidDeadline;
    if (!deadline || !input.changes?.length) return null;
    let worst: number | null = null;
    for (const c of input.changes) {
      if (!c.affectsPreparation) continue;
      const days = calendarDaysBetween(c.publishedAt, deadline);
      if (worst === null || days < worst) worst = days;
    }
    if (worst === null || worst >= minDays) return null;
    return violationOf(this, input, { min: minDays, actual: worst }, "bidDeadline");
  },
};

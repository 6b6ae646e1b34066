import { ruleDueAt } from "~/domain/rules/rule-param";
import { addWorkingDays } from "~/domain/rules/working-days";
import { deadlineAlerting } from "~/domain/tenders/lot-phases";
import { HOUR_MS, type AlertRule } from "./types";

/** The result should follow the end of the publicity within a few working days. */
export const AWARD_WITHIN_WORKING_DAYS = 3;

/**
 * The phase deadline this rule watches (lot-phases.ts): the end of the candidates' publicity, whose length
 * is the profile's rule (工程 3 days, 政府采购 1 working day; a centre may set a longer one).
 */
const DEADLINE = deadlineAlerting("PUBLICITY_WITHOUT_AWARD");

/**
 * Publicity ending without an award notice: yellow when the publicity period has ended (or ends within
 * 24 h) and no result is published; red when the award is still missing 3 working days after its end.
 */
export const publicityEndingWithoutAward: AlertRule = {
  id: "publicity-ending-without-award",
  evaluate({ now, lots, calendar, ruleParams }) {
    return lots.flatMap((l) => {
      if (l.status !== "CANDIDATES_PUBLICITY" || l.awarded || !l.candidatesPublishedAt) return [];
      if (!DEADLINE.period) return [];
      const ctx = { profile: l.procurementType, rules: { params: ruleParams, calendar } };
      const ends = ruleDueAt(ctx, DEADLINE.ruleId, l.candidatesPublishedAt, DEADLINE.period.count, DEADLINE.period.unit);
      if (now.getTime() < ends.getTime() - 24 * HOUR_MS) return [];
      const red = now >= addWorkingDays(calendar, ends, AWARD_WITHIN_WORKING_DAYS);
      return [
        {
          kind: "PUBLICITY_WITHOUT_AWARD",
          severity: red ? ("RED" as const) : ("YELLOW" as const),
          lotId: l.id,
          messageCode: "supervision:alerts.PUBLICITY_WITHOUT_AWARD",
          params: { publicityEndsAt: ends.toISOString() },
          dedupeKey: `publicity-without-award-${l.id}-${l.candidatesPublishedAt.getTime()}`,
        },
      ];
    });
  },
};

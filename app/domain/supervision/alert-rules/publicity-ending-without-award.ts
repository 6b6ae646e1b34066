import { addWorkingDays } from "~/domain/rules/working-days";
import { HOUR_MS, type AlertRule } from "./types";

/** 中标候选人公示 lasts at least 3 days (工程); the result should follow within a few working days. */
export const PUBLICITY_DAYS = 3;
export const AWARD_WITHIN_WORKING_DAYS = 3;

/**
 * Publicity ending without an award notice: yellow when the publicity period has ended (or ends within
 * 24 h) and no result is published; red when the award is still missing 3 working days after its end.
 */
export const publicityEndingWithoutAward: AlertRule = {
  id: "publicity-ending-without-award",
  evaluate({ now, lots, calendar }) {
    return lots.flatMap((l) => {
      if (l.status !== "CANDIDATES_PUBLICITY" || l.awarded || !l.candidatesPublishedAt) return [];
      const ends = new Date(l.candidatesPublishedAt.getTime() + PUBLICITY_DAYS * 24 * HOUR_MS);
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

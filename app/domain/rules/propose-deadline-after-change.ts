import type { Calendar } from "./calendar";
import { addDays, atShanghaiTimeOf, calendarDaysBetween, shanghaiDate } from "./dates";
import type { RuleParams } from "./profiles";
import { ruleParam } from "./rule-param";
import type { ProfileId } from "./types";
import { workingDayOnOrAfter } from "./working-days";

/**
 * A change that may affect bid preparation was published at `changePublishedAt`. When the current bid
 * deadline leaves fewer than the minimum days (15) after it, returns the earliest legal new deadline:
 * the Shanghai date minDays after the change day, at the current deadline's time of day (openings keep
 * their usual hour), moved to the next working day when that date is a weekend or holiday (an opening
 * needs staff, supervisors and bidders at work). Returns null when the current deadline is still legal.
 */
export function proposeDeadlineAfterChange(
  profile: ProfileId,
  changePublishedAt: Date,
  currentDeadline: Date,
  params: RuleParams,
  calendar: Calendar,
): Date | null {
  const minDays = Number(ruleParam({ profile, rules: { params } }, "changeNoticeMinDays").minDays);
  if (calendarDaysBetween(changePublishedAt, currentDeadline) >= minDays) return null;
  const date = workingDayOnOrAfter(calendar, addDays(shanghaiDate(changePublishedAt), minDays));
  return atShanghaiTimeOf(date, currentDeadline);
}

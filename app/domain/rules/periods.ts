import type { Calendar } from "./calendar";
import { addDays, calendarDaysBetween, startOfShanghaiDay, toDateStr, type DateStr } from "./dates";
import { nthWorkingDayAfter, workingDayOnOrAfter, workingDaysBetween } from "./working-days";

/**
 * Statutory periods (期间), counted as docs/decisions/0006-legal-day-counting.md decides:
 * - the day the period starts on is not counted (民法典第二百零一条);
 * - a period in days whose last day is a holiday or rest day ends on the next working day
 *   (民法典第二百零三条第一款); a period in working days skips them by definition;
 * - the last day ends at 24:00 Shanghai (第二百零三条第二款).
 */
export type PeriodUnit = "DAYS" | "WORKING_DAYS";

/** How many days (of the unit) of a period starting at `from` have run by `to`. */
export function periodCount(calendar: Calendar, unit: PeriodUnit, from: Date | DateStr, to: Date | DateStr): number {
  return unit === "DAYS" ? calendarDaysBetween(from, to) : workingDaysBetween(calendar, from, to);
}

/** The last day of an n-day period that starts at `start` ("within n days of start"). */
export function periodLastDay(calendar: Calendar, unit: PeriodUnit, start: Date | DateStr, n: number): DateStr {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad period length ${n}`);
  if (unit === "WORKING_DAYS") return n === 0 ? toDateStr(start) : nthWorkingDayAfter(calendar, start, n);
  return workingDayOnOrAfter(calendar, addDays(toDateStr(start), n));
}

/** The instant the period is over: 24:00 Shanghai of its last day (exclusive end). */
export function periodEndsAt(calendar: Calendar, unit: PeriodUnit, start: Date | DateStr, n: number): Date {
  return startOfShanghaiDay(addDays(periodLastDay(calendar, unit, start, n), 1));
}

/** True when `at` is inside the n-day period starting at `start` (on or before its last day). */
export function isWithinPeriod(calendar: Calendar, unit: PeriodUnit, start: Date | DateStr, n: number, at: Date): boolean {
  return at.getTime() < periodEndsAt(calendar, unit, start, n).getTime();
}

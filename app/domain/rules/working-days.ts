import type { Calendar } from "./calendar";
import { addDays, atShanghaiTimeOf, calendarDaysBetween, shanghaiDate, toDateStr, type DateStr } from "./dates";

/**
 * Working-day arithmetic in the centre's calendar days, from a Calendar value (no database here).
 * Counting follows 民法典第二百零一条: the day a period starts on is not counted
 * (docs/decisions/0006-legal-day-counting.md).
 */

/** Longest span walked day by day; far beyond any statutory period, it only stops runaway input. */
const MAX_SPAN_DAYS = 3_660;

export function isWorkingDay(calendar: Calendar, date: Date | DateStr): boolean {
  return calendar.isWorkingDay(toDateStr(date));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(calendar: Calendar, date: Date | DateStr): DateStr {
  let d = toDateStr(date);
  for (let i = 0; i < MAX_SPAN_DAYS; i++) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) return d;
  }
  throw new RangeError("no working day within ten years");
}

/** `date` itself when it is a working day, else the next one. */
export function workingDayOnOrAfter(calendar: Calendar, date: Date | DateStr): DateStr {
  const d = toDateStr(date);
  return calendar.isWorkingDay(d) ? d : nextWorkingDay(calendar, d);
}

/**
 * The date of the n-th working day after the instant's Shanghai date (n < 0: before it), at the same
 * Shanghai time of day. n = 0 returns the instant unchanged. "Within 2 working days of Friday 10:00"
 * ends on addWorkingDays(friday10, 2), i.e. Tuesday (or later across holidays).
 */
export function addWorkingDays(calendar: Calendar, instant: Date, n: number): Date {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_SPAN_DAYS) throw new RangeError(`bad working-day count ${n}`);
  if (n === 0) return new Date(instant.getTime());
  return atShanghaiTimeOf(nthWorkingDayAfter(calendar, shanghaiDate(instant), n), instant);
}

/** Date of the n-th working day after `date` (n ≥ 1), or before it (n ≤ −1). */
export function nthWorkingDayAfter(calendar: Calendar, date: Date | DateStr, n: number): DateStr {
  const step = n > 0 ? 1 : -1;
  let d = toDateStr(date);
  let left = Math.abs(n);
  for (let i = 0; left > 0; i++) {
    if (i > MAX_SPAN_DAYS) throw new RangeError("working-day span too long");
    d = addDays(d, step);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

/**
 * Working days in the period from a to b: the working days d with date(a) < d ≤ date(b) (the start day
 * is not counted, the end day is). Negative when b is before a (the same count, signed).
 */
export function workingDaysBetween(calendar: Calendar, a: Date | DateStr, b: Date | DateStr): number {
  const from = toDateStr(a);
  const to = toDateStr(b);
  const span = calendarDaysBetween(from, to);
  if (Math.abs(span) > MAX_SPAN_DAYS) throw new RangeError("working-day span too long");
  const [lo, hi, sign] = span >= 0 ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
  return sign * count;
}

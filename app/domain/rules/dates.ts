import { CENTRE_TZ } from "~/lib/time";
import { TZDate } from "@date-fns/tz";

/**
 * Calendar dates of the law. Statutory periods are counted in calendar days of the place the tender
 * is run (the centre's zone, ~/lib/time), not in 24-hour slices: see docs/decisions/0006-legal-day-counting.md.
 * A "date" here is always a string "YYYY-MM-DD" (a Shanghai calendar day, no time, no zone), so that
 * nobody can mix it up with an instant. Date arithmetic runs on UTC midnights, which has no zone rules
 * to trip over; instants enter and leave through TZDate in that zone.
 */
/** A Shanghai calendar date, "YYYY-MM-DD". */
export type DateStr = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real date in the years 1900–2199 (leap years included, 2026-02-29 refused). */
export function isValidDateStr(s: unknown): s is DateStr {
  if (typeof s !== "string") return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2199) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function assertDateStr(s: string): void {
  if (!isValidDateStr(s)) throw new RangeError(`not a calendar date: ${s}`);
}

/** Days since 1970-01-01 of a date string (for arithmetic only). */
function dayNumber(s: DateStr): number {
  assertDateStr(s);
  const [y, m, d] = s.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(n: number): DateStr {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai calendar date an instant falls on. */
export function shanghaiDate(instant: Date): DateStr {
  if (Number.isNaN(instant.getTime())) throw new RangeError("invalid instant");
  const z = new TZDate(instant.getTime(), CENTRE_TZ);
  const mm = String(z.getMonth() + 1).padStart(2, "0");
  const dd = String(z.getDate()).padStart(2, "0");
  return `${String(z.getFullYear()).padStart(4, "0")}-${mm}-${dd}`;
}

/** A date given as a date string or an instant, as a Shanghai date string. */
export function toDateStr(x: Date | DateStr): DateStr {
  if (typeof x === "string") {
    assertDateStr(x);
    return x;
  }
  return shanghaiDate(x);
}

export function addDays(date: DateStr, n: number): DateStr {
  return fromDayNumber(dayNumber(date) + n);
}

/**
 * Whole calendar days from a to b (b − a), Shanghai dates. Per 民法典第二百零一条 the day a period
 * starts on is not counted, so this is exactly "how many days of the period have run by day b".
 */
export function calendarDaysBetween(a: Date | DateStr, b: Date | DateStr): number {
  return dayNumber(toDateStr(b)) - dayNumber(toDateStr(a));
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function isoDayOfWeek(date: DateStr): number {
  const d = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Milliseconds since Shanghai midnight of the instant's own day (the "time of day" of a deadline). */
export function shanghaiTimeOfDayMs(instant: Date): number {
  const z = new TZDate(instant.getTime(), CENTRE_TZ);
  return ((z.getHours() * 60 + z.getMinutes()) * 60 + z.getSeconds()) * 1000 + z.getMilliseconds();
}

/** The instant at Shanghai midnight starting `date`. */
export function startOfShanghaiDay(date: DateStr): Date {
  const [y, m, d] = toDateStr(date).split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, 0, CENTRE_TZ).getTime());
}

/** The instant on `date` (Shanghai) at the same wall-clock time as `timeOf` has in Shanghai. */
export function atShanghaiTimeOf(date: DateStr, timeOf: Date): Date {
  const [y, m, d] = toDateStr(date).split("-").map(Number);
  const z = new TZDate(timeOf.getTime(), CENTRE_TZ);
  return new Date(
    new TZDate(y, m - 1, d, z.getHours(), z.getMinutes(), z.getSeconds(), z.getMilliseconds(), CENTRE_TZ).getTime(),
  );
}

/** "2026-03" → first and last date of that month; null when malformed. */
export function monthBounds(month: string): { first: DateStr; last: DateStr } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const first = `${m[1]}-${m[2]}-01`;
  if (!isValidDateStr(first)) return null;
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { first, last: `${m[1]}-${m[2]}-${String(lastDay).padStart(2, "0")}` };
}

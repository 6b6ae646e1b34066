import { TZDate } from "@date-fns/tz";
import { format as formatDate } from "date-fns";
import type { Locale } from "./locale";

/**
 * THE time module. Instants are stored and compared in UTC; the centre's law and people read them as
 * wall-clock time of the centre's zone — this file is the only place that names it. Shared by the server
 * and the browser, with explicit patterns (no Intl defaults that differ between Node's ICU and the
 * visitor's browser), so server-rendered text and the hydrated text match. Legal-day arithmetic (calendar
 * days, working days, statutory periods) builds on it in app/domain/rules (dates.ts, working-days.ts,
 * periods.ts), with the holiday calendar.
 */
export const CENTRE_TZ = "Asia/Shanghai";

/** The instant as a date in the centre's zone (getHours() etc. read the centre's wall clock). */
export function inCentre(instant: Date | number): TZDate {
  return new TZDate(instant instanceof Date ? instant.getTime() : instant, CENTRE_TZ);
}

/** The instant of a wall-clock time in the centre's zone (month 0-based; overflowing fields roll over). */
export function centreInstant(y: number, month0: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  return new Date(new TZDate(y, month0, d, h, mi, s, ms, CENTRE_TZ).getTime());
}

export type InstantStyle = "datetime" | "datetimeShort" | "date" | "time";

const PATTERNS: Record<Locale, Record<InstantStyle, string>> = {
  "zh-CN": {
    datetime: "yyyy年M月d日 HH:mm:ss",
    datetimeShort: "yyyy年M月d日 HH:mm",
    date: "yyyy年M月d日",
    time: "HH:mm:ss",
  },
  en: {
    datetime: "d MMM yyyy, HH:mm:ss",
    datetimeShort: "d MMM yyyy, HH:mm",
    date: "d MMM yyyy",
    time: "HH:mm:ss",
  },
};

/** An instant (UTC Date, epoch ms or ISO string) shown as the centre's wall-clock time, localized. */
export function formatInstant(
  instant: Date | number | string,
  locale: Locale | string = "zh-CN",
  style: InstantStyle = "datetime",
): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`formatInstant: invalid instant ${String(instant)}`);
  const patterns = PATTERNS[locale as Locale] ?? PATTERNS["zh-CN"];
  return formatDate(inCentre(ms), patterns[style]);
}

/**
 * A calendar date — a @db.Date column (UTC midnight, as the loader hands it over: a Date) or "YYYY-MM-DD" —
 * shown localized, with no zone shift (it is a day, not an instant: 2027-12-31 stays 31 Dec everywhere).
 */
export function formatCalendarDate(date: Date | string, locale: Locale | string = "zh-CN"): string {
  const iso = date instanceof Date ? (Number.isFinite(date.getTime()) ? date.toISOString().slice(0, 10) : "") : date.slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`formatCalendarDate: invalid date ${String(date)}`);
  const patterns = PATTERNS[locale as Locale] ?? PATTERNS["zh-CN"];
  return formatDate(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), patterns.date);
}

/** "2026-11-23 14:05:09" in the centre's zone (pattern: date-fns tokens): logs, tables, APIs, documents. */
export function formatShanghai(instant: Date | number, pattern = "yyyy-MM-dd HH:mm:ss"): string {
  return formatDate(inCentre(instant), pattern);
}

/*
 * <input type="datetime-local"> carries a wall-clock time with no zone. Ours is always the centre's
 * (Beijing time), whatever the browser's own zone is: these convert between that string and the UTC
 * instant stored in the database, identically on the server and in the browser.
 */
const RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-12-20T09:30" (Beijing time) → the instant; null when malformed or not a real date/time. */
export function fromDatetimeLocal(s: string | null | undefined): Date | null {
  const m = RE.exec(String(s ?? "").trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (y < 2000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const z = new TZDate(y, mo - 1, d, h, mi, sec, 0, CENTRE_TZ);
  // 2026-02-30 rolls over to March: refuse rather than guess.
  if (z.getDate() !== d || z.getMonth() !== mo - 1) return null;
  return new Date(z.getTime());
}

/** The instant as the value of a datetime-local input in Beijing time ("2026-12-20T09:30"). */
export function toDatetimeLocal(instant: Date | string | number): string {
  const z = inCentre(new Date(instant));
  const p = (n: number) => String(n).padStart(2, "0");
  return `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())}T${p(z.getHours())}:${p(z.getMinutes())}`;
}

/** Shanghai calendar day as yyyyMMdd, used in document numbers. */
export const shanghaiDayCompact = (date: Date): string => formatShanghai(date, "yyyyMMdd");

const CN_DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Date as written under an official seal: 二〇二六年十一月二十三日 (Shanghai day). */
export function formatShanghaiChineseDate(date: Date): string {
  const [y, m, d] = formatShanghai(date, "yyyy-M-d").split("-").map(Number) as [number, number, number];
  const year = String(y)
    .split("")
    .map((c) => CN_DIGITS[Number(c)])
    .join("");
  return `${year}年${smallNumber(m)}月${smallNumber(d)}日`;
}

function smallNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ""}`;
}

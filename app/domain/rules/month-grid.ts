import type { Calendar } from "./calendar";
import { addDays, isoDayOfWeek, monthBounds, type DateStr } from "./dates";

export type DayKind = "WORKDAY" | "WEEKEND" | "HOLIDAY" | "MAKEUP_WORKDAY";

export interface MonthCell {
  date: DateStr;
  day: number;
  /** 1 = Monday … 7 = Sunday. */
  dow: number;
  kind: DayKind;
  /** The holiday / make-up day's name, when the calendar has an entry. */
  name: string | null;
  isToday: boolean;
}

export interface MonthGrid {
  month: string;
  prev: string;
  next: string;
  /** Monday-first weeks; null pads the days before the 1st and after the last. */
  weeks: (MonthCell | null)[][];
  /** This month's holidays and make-up days, in date order. */
  entries: { date: DateStr; kind: "HOLIDAY" | "MAKEUP_WORKDAY"; name: string }[];
  /** The same, consecutive days of one kind and name joined (春节 15–23 February as one line). */
  spans: { first: DateStr; last: DateStr; days: number; kind: "HOLIDAY" | "MAKEUP_WORKDAY"; name: string }[];
}

const shiftMonth = (month: string, by: number): string => {
  const [y, m] = month.split("-").map(Number);
  const idx = y * 12 + (m - 1) + by;
  return `${String(Math.floor(idx / 12)).padStart(4, "0")}-${String((idx % 12) + 1).padStart(2, "0")}`;
};

/** The month as the admin page shows it; pure, from a Calendar value. Null for a malformed month. */
export function buildMonthGrid(month: string, calendar: Calendar, today: DateStr): MonthGrid | null {
  const b = monthBounds(month);
  if (!b) return null;
  const weeks: (MonthCell | null)[][] = [];
  let week: (MonthCell | null)[] = Array.from({ length: isoDayOfWeek(b.first) - 1 }, () => null);
  const entries: MonthGrid["entries"] = [];
  for (let d = b.first; d <= b.last; d = addDays(d, 1)) {
    const dow = isoDayOfWeek(d);
    const e = calendar.entry(d);
    if (e) entries.push({ date: d, kind: e.kind, name: e.name });
    const kind: DayKind = e ? e.kind : dow >= 6 ? "WEEKEND" : "WORKDAY";
    week.push({ date: d, day: Number(d.slice(8)), dow, kind, name: e?.name ?? null, isToday: d === today });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  const spans: MonthGrid["spans"] = [];
  for (const e of entries) {
    const last = spans[spans.length - 1];
    if (last && last.kind === e.kind && last.name === e.name && addDays(last.last, 1) === e.date) {
      last.last = e.date;
      last.days++;
    } else spans.push({ first: e.date, last: e.date, days: 1, kind: e.kind, name: e.name });
  }
  return { month, prev: shiftMonth(month, -1), next: shiftMonth(month, 1), weeks, entries, spans };
}

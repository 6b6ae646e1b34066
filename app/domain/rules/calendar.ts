import { isoDayOfWeek, toDateStr, type DateStr } from "./dates";

export type CalendarDayKind = "HOLIDAY" | "MAKEUP_WORKDAY";

export interface CalendarEntry {
  date: DateStr;
  kind: CalendarDayKind;
  name: string;
}

/** A row as it comes from the database (date as a Date at UTC midnight) or from seed data (string). */
export interface CalendarRowLike {
  date: Date | DateStr;
  kind: CalendarDayKind;
  name: string;
}

/**
 * The holiday calendar as an immutable value: the ordinary Monday–Friday week plus dated exceptions
 * (official holidays, make-up working days 调休). Built from rows once (loadCalendar) and handed to the
 * pure rule functions, so that no rule touches the database and tests can build any calendar they like.
 */
export class Calendar {
  private readonly byDate: ReadonlyMap<DateStr, CalendarEntry>;

  private constructor(entries: CalendarEntry[]) {
    this.byDate = new Map(entries.map((e) => [e.date, e]));
  }

  /** Rows from the CalendarDay table (a @db.Date comes back as UTC midnight) or plain seed data. */
  static fromRows(rows: readonly CalendarRowLike[]): Calendar {
    return new Calendar(
      rows.map((r) => ({
        date: typeof r.date === "string" ? toDateStr(r.date) : r.date.toISOString().slice(0, 10),
        kind: r.kind,
        name: r.name,
      })),
    );
  }

  static empty(): Calendar {
    return new Calendar([]);
  }

  /** The exception recorded for a date, if any. */
  entry(date: DateStr): CalendarEntry | undefined {
    return this.byDate.get(date);
  }

  /** All exceptions, ordered by date. */
  entries(): CalendarEntry[] {
    return [...this.byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** A make-up working day works; a holiday does not; otherwise Monday–Friday work. */
  isWorkingDay(date: DateStr): boolean {
    const e = this.byDate.get(date);
    if (e) return e.kind === "MAKEUP_WORKDAY";
    return isoDayOfWeek(date) <= 5;
  }
}

import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { calendarDaysBetween, isValidDateStr, monthBounds, shanghaiDate } from "~/domain/rules/dates";
import { periodEndsAt, periodLastDay } from "~/domain/rules/periods";
import { addWorkingDays, isWorkingDay, nextWorkingDay, workingDaysBetween } from "~/domain/rules/working-days";
import { OFFICIAL_CALENDAR_DAYS } from "../../prisma/seed/calendar";

/** An instant given in Shanghai wall-clock time. */
const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const cal = Calendar.fromRows(OFFICIAL_CALENDAR_DAYS);

describe("Shanghai calendar dates", () => {
  it("puts an instant on its Shanghai date, not its UTC date", () => {
    expect(shanghaiDate(new Date("2026-02-13T16:30:00Z"))).toBe("2026-02-14"); // 00:30 in Shanghai
    expect(shanghaiDate(new Date("2026-02-13T15:59:59.999Z"))).toBe("2026-02-13");
  });
  it("counts calendar days with the first day not counted (民法典第二百零一条)", () => {
    expect(calendarDaysBetween(sh("2026-03-01 23:59"), sh("2026-03-21 00:01"))).toBe(20);
    expect(calendarDaysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(calendarDaysBetween("2028-02-28", "2028-03-01")).toBe(2); // leap year
  });
  it("validates dates strictly", () => {
    expect(isValidDateStr("2026-02-29")).toBe(false);
    expect(isValidDateStr("2028-02-29")).toBe(true);
    expect(isValidDateStr("2026-2-1")).toBe(false);
    expect(isValidDateStr("2026-13-01")).toBe(false);
    expect(monthBounds("2026-02")).toEqual({ first: "2026-02-01", last: "2026-02-28" });
    expect(monthBounds("2026-13")).toBeNull();
  });
});

describe("official 2026 calendar data", () => {
  it("has make-up working days only on weekends and the holiday spans as announced", () => {
    for (const d of OFFICIAL_CALENDAR_DAYS.filter((x) => x.kind === "MAKEUP_WORKDAY")) {
      expect(Calendar.empty().isWorkingDay(d.date), d.date).toBe(false);
    }
    const holidays2026 = OFFICIAL_CALENDAR_DAYS.filter((d) => d.kind === "HOLIDAY" && d.date.startsWith("2026"));
    expect(holidays2026).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });
});

describe("working days with holidays and 调休", () => {
  it("knows weekends, holidays and make-up working days", () => {
    expect(isWorkingDay(cal, "2026-01-04")).toBe(true); // Sunday, 元旦 make-up
    expect(isWorkingDay(cal, "2026-02-14")).toBe(true); // Saturday, 春节 make-up
    expect(isWorkingDay(cal, "2026-02-16")).toBe(false); // Monday in 春节
    expect(isWorkingDay(cal, "2026-02-24")).toBe(true);
    expect(isWorkingDay(cal, "2026-03-01")).toBe(false); // ordinary Sunday
    expect(isWorkingDay(cal, "2026-10-07")).toBe(false);
    expect(isWorkingDay(cal, "2026-10-10")).toBe(true); // Saturday, 国庆 make-up
    expect(isWorkingDay(Calendar.empty(), "2026-02-16")).toBe(true); // without the calendar, just a Monday
  });

  it("counts across 春节: Friday 13 Feb → Tuesday 24 Feb is 2 working days (Sat 14 make-up, Tue 24)", () => {
    expect(workingDaysBetween(cal, "2026-02-13", "2026-02-24")).toBe(2);
    expect(workingDaysBetween(cal, "2026-02-24", "2026-02-13")).toBe(-2);
    expect(workingDaysBetween(cal, sh("2026-02-13 23:59"), sh("2026-02-14 00:00"))).toBe(1);
    expect(addWorkingDays(cal, sh("2026-02-13 10:00"), 2)).toEqual(sh("2026-02-24 10:00"));
    expect(addWorkingDays(cal, sh("2026-02-13 10:00"), 1)).toEqual(sh("2026-02-14 10:00"));
  });

  it("counts across 国庆 and 中秋 with the Sunday 20 Sep and Saturday 10 Oct make-up days", () => {
    expect(workingDaysBetween(cal, "2026-09-18", "2026-09-21")).toBe(2); // Sun 20 (make-up), Mon 21
    expect(addWorkingDays(cal, sh("2026-09-30 09:00"), 1)).toEqual(sh("2026-10-08 09:00"));
    expect(addWorkingDays(cal, sh("2026-09-30 09:00"), 5)).toEqual(sh("2026-10-13 09:00")); // 8, 9, 10(Sat), 12, 13
    expect(addWorkingDays(cal, sh("2026-10-08 09:00"), -1)).toEqual(sh("2026-09-30 09:00"));
    expect(workingDaysBetween(cal, "2026-09-24", "2026-10-08")).toBe(4); // 28, 29, 30, then Oct 8
    expect(nextWorkingDay(cal, "2026-09-30")).toBe("2026-10-08");
    expect(addWorkingDays(cal, sh("2026-09-30 09:00"), 0)).toEqual(sh("2026-09-30 09:00"));
  });

  it("ends a period in days on the next working day when its last day is a rest day (民法典第二百零三条)", () => {
    expect(periodLastDay(cal, "DAYS", sh("2026-09-20 10:00"), 10)).toBe("2026-09-30");
    expect(periodLastDay(cal, "DAYS", sh("2026-09-25 10:00"), 10)).toBe("2026-10-08"); // 5 Oct is 国庆
    expect(periodEndsAt(cal, "DAYS", sh("2026-09-25 10:00"), 10)).toEqual(sh("2026-10-09 00:00"));
    expect(periodLastDay(cal, "WORKING_DAYS", "2026-02-13", 5)).toBe("2026-02-27");
  });
});

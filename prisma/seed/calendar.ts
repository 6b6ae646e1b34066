/**
 * China's official holiday calendar (法定节假日 and make-up working days 调休) for the working-day rules.
 *
 * 2026: the State Council's arrangement (国务院办公厅关于2026年部分节假日安排的通知), as given to the
 * project. Every day of a holiday span is stored (weekends inside it too) so the admin calendar shows the
 * span in red; make-up working days are the weekend days worked instead.
 *
 * 2027: the State Council publishes each year's arrangement in November of the year before; until then
 * only the days fixed by date in 全国年节及纪念日放假办法 are known: 元旦 1 January, 劳动节 1–2 May,
 * 国庆节 1–3 October. The lunar-calendar holidays (春节: 除夕 to 初三, 清明节, 端午节, 中秋节) and every
 * bridging day and 调休 must be entered by the system admin on /admin/calendar when the notice appears.
 *
 * Idempotent: a date already in the table is left as the admin set it (createMany skipDuplicates), so
 * re-seeding never undoes an admin's correction. Audited once as calendar.seeded when it adds rows.
 */
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { addDays, calendarDaysBetween } from "~/domain/rules/dates";
import type { CalendarEntry } from "~/domain/rules/calendar";
import type { Db, Tx } from "~/lib/db.server";

function span(first: string, last: string, name: string): CalendarEntry[] {
  const n = calendarDaysBetween(first, last);
  return Array.from({ length: n + 1 }, (_, i) => ({ date: addDays(first, i), kind: "HOLIDAY" as const, name }));
}

const makeup = (date: string, name: string): CalendarEntry => ({ date, kind: "MAKEUP_WORKDAY", name });

export const OFFICIAL_CALENDAR_2026: readonly CalendarEntry[] = [
  ...span("2026-01-01", "2026-01-03", "元旦"),
  makeup("2026-01-04", "元旦调休上班"),
  makeup("2026-02-14", "春节调休上班"),
  ...span("2026-02-15", "2026-02-23", "春节"),
  makeup("2026-02-28", "春节调休上班"),
  ...span("2026-04-04", "2026-04-06", "清明节"),
  ...span("2026-05-01", "2026-05-05", "劳动节"),
  makeup("2026-05-09", "劳动节调休上班"),
  ...span("2026-06-19", "2026-06-21", "端午节"),
  makeup("2026-09-20", "国庆节调休上班"),
  ...span("2026-09-25", "2026-09-27", "中秋节"),
  ...span("2026-10-01", "2026-10-07", "国庆节"),
  makeup("2026-10-10", "国庆节调休上班"),
];

/** Fixed-date statutory days only; see the header: the rest of 2027 comes with the State Council's notice. */
export const OFFICIAL_CALENDAR_2027_FIXED: readonly CalendarEntry[] = [
  ...span("2027-01-01", "2027-01-01", "元旦"),
  ...span("2027-05-01", "2027-05-02", "劳动节"),
  ...span("2027-10-01", "2027-10-03", "国庆节"),
];

export const OFFICIAL_CALENDAR_DAYS: readonly CalendarEntry[] = [...OFFICIAL_CALENDAR_2026, ...OFFICIAL_CALENDAR_2027_FIXED];

async function insert(tx: Tx): Promise<number> {
  const { count } = await tx.calendarDay.createMany({
    data: OFFICIAL_CALENDAR_DAYS.map((d) => ({ date: new Date(`${d.date}T00:00:00Z`), kind: d.kind, name: d.name })),
    skipDuplicates: true,
  });
  if (count > 0) {
    await appendAudit(tx, systemActor("seed"), {
      action: "calendar.seeded",
      entityType: "CalendarDay",
      entityId: "official-2026-2027",
      detail: { added: count, years: [2026, 2027] },
    });
  }
  return count;
}

/** Adds the official days that are missing; takes a transaction, or a client (then opens its own). */
export async function seedCalendar(db: Tx | Db): Promise<{ calendarDays: number }> {
  const calendarDays = "$transaction" in db ? await db.$transaction((tx) => insert(tx)) : await insert(db);
  return { calendarDays };
}

import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { Calendar } from "~/domain/rules/calendar";
import { loadCalendar } from "~/domain/rules/load-calendar";
import { listCalendarMonth } from "~/domain/rules/list-calendar-month";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { removeCalendarDay } from "~/domain/rules/remove-calendar-day";
import { setCalendarDay } from "~/domain/rules/set-calendar-day";
import { setRuleSetting } from "~/domain/rules/set-rule-setting";
import { addWorkingDays, workingDaysBetween } from "~/domain/rules/working-days";
import { OFFICIAL_CALENDAR_DAYS, seedCalendar } from "../../prisma/seed/calendar";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

const admin: Actor = {
  userId: "7a0c4c55-1d7e-4f0e-9a1b-3c2d1e0f9a01",
  role: "SYSTEM_ADMIN",
  orgId: "0b6a2a7e-8a11-4b39-9d63-2f6a0f6e7c02",
  ip: "10.0.0.5",
  userAgent: "vitest",
};
const staff: Actor = { ...admin, userId: "7a0c4c55-1d7e-4f0e-9a1b-3c2d1e0f9a02", role: "STAFF" };
const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);

const auditOf = (action: string) => db.auditEntry.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("seed and load", () => {
  it("seeds the official days once (idempotent, audited once) and loads them as a Calendar", async () => {
    expect(await seedCalendar(db)).toEqual({ calendarDays: OFFICIAL_CALENDAR_DAYS.length });
    expect(await seedCalendar(db)).toEqual({ calendarDays: 0 });
    expect(await auditOf("calendar.seeded")).toHaveLength(1);

    const cal = await loadCalendar(db);
    expect(cal.entries()).toHaveLength(OFFICIAL_CALENDAR_DAYS.length);
    expect(cal.entry("2026-02-14")).toEqual({ date: "2026-02-14", kind: "MAKEUP_WORKDAY", name: "春节调休上班" });
    // The @db.Date round trip keeps the calendar day (no shift by the UTC offset).
    expect(cal.isWorkingDay("2026-10-01")).toBe(false);
    expect(cal.isWorkingDay("2026-10-10")).toBe(true);
    expect(workingDaysBetween(cal, "2026-02-13", "2026-02-24")).toBe(2);
  });
});

describe("admin edits", () => {
  it("sets a day, audited as calendar.day_set, and working days follow on the next load", async () => {
    // 2027: the admin enters the 春节 arrangement when the State Council publishes it.
    const before = await loadCalendar(db);
    expect(before.isWorkingDay("2027-02-08")).toBe(true);
    await setCalendarDay(admin, { date: "2027-02-08", kind: "HOLIDAY", name: "  春节 " });
    const after = await loadCalendar(db);
    expect(after.entry("2027-02-08")).toEqual({ date: "2027-02-08", kind: "HOLIDAY", name: "春节" });
    expect(addWorkingDays(after, sh("2027-02-05 09:00"), 1)).toEqual(sh("2027-02-09 09:00"));

    const [entry] = await auditOf("calendar.day_set");
    expect(entry).toMatchObject({ actorId: admin.userId, actorRole: "SYSTEM_ADMIN", entityType: "CalendarDay", entityId: "2027-02-08", ip: "10.0.0.5" });
    expect(entry!.detail).toMatchObject({ date: "2027-02-08", kind: "HOLIDAY", name: "春节", previousKind: null });
    expect(entry!.afterDigest).toBeTruthy();
  });

  it("re-saving the same day unchanged writes nothing; changing it is audited with the previous kind", async () => {
    await setCalendarDay(admin, { date: "2027-02-08", kind: "HOLIDAY", name: "春节" });
    expect(await auditOf("calendar.day_set")).toHaveLength(1);
    await setCalendarDay(admin, { date: "2026-09-20", kind: "HOLIDAY", name: "测试" });
    const entries = await auditOf("calendar.day_set");
    expect(entries).toHaveLength(2);
    expect(entries[1]!.detail).toMatchObject({ previousKind: "MAKEUP_WORKDAY" });
    await setCalendarDay(admin, { date: "2026-09-20", kind: "MAKEUP_WORKDAY", name: "国庆节调休上班" });
  });

  it("removes a day, audited as calendar.day_removed", async () => {
    await removeCalendarDay(admin, { date: "2027-02-08" });
    expect((await loadCalendar(db)).entry("2027-02-08")).toBeUndefined();
    const [entry] = await auditOf("calendar.day_removed");
    expect(entry).toMatchObject({ entityId: "2027-02-08", actorRole: "SYSTEM_ADMIN" });
    expect(entry!.detail).toMatchObject({ kind: "HOLIDAY", name: "春节" });
  });

  it.each([
    [{ date: "2026-02-30", kind: "HOLIDAY", name: "x" }, "rules:errors.invalidDate", "date"],
    [{ date: "2026-03-02", kind: "HOLIDAY", name: "   " }, "rules:errors.nameRequired", "name"],
    [{ date: "2026-03-02", kind: "HOLIDAY", name: "长".repeat(51) }, "rules:errors.nameTooLong", "name"],
    [{ date: "2026-03-02", kind: "HOLIDAY", name: "a\u0007b" }, "rules:errors.nameInvalid", "name"],
    [{ date: "2026-03-02", kind: "DAY_OFF", name: "x" }, "rules:errors.invalidKind", "kind"],
    [{ date: "2026-03-02", kind: "MAKEUP_WORKDAY", name: "周一" }, "rules:errors.makeupOnWeekday", "kind"],
  ])("refuses bad input %j with %s, changing nothing", async (input, code, field) => {
    const days = await db.calendarDay.count();
    const audits = await db.auditEntry.count();
    await expect(setCalendarDay(admin, input as never)).rejects.toMatchObject({ code, field, status: 422 });
    expect(await db.calendarDay.count()).toBe(days);
    expect(await db.auditEntry.count()).toBe(audits);
  });

  it("refuses removing a day that has no setting (404) and anyone but the system admin (403)", async () => {
    await expect(removeCalendarDay(admin, { date: "2026-03-03" })).rejects.toMatchObject({ code: "rules:errors.dayNotFound", status: 404 });
    await expect(setCalendarDay(staff, { date: "2026-03-02", kind: "HOLIDAY", name: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(removeCalendarDay(staff, { date: "2026-01-01" })).rejects.toMatchObject({ status: 403 });
    expect((await loadCalendar(db)).entry("2026-01-01")).toBeDefined();
  });

  it("the database itself refuses a make-up working day on a weekday", async () => {
    await expect(
      db.calendarDay.create({ data: { date: new Date("2026-03-04T00:00:00Z"), kind: "MAKEUP_WORKDAY", name: "x" } }),
    ).rejects.toThrow();
  });

  it("an empty table is an ordinary week", async () => {
    expect(Calendar.empty().isWorkingDay("2026-10-01")).toBe(true);
  });
});

describe("admin month view", () => {
  it("builds the Monday-first grid of a month with holidays, make-up days and spans", async () => {
    const m = await listCalendarMonth(admin, { month: "2026-02" }, { now: sh("2026-02-16 10:00") });
    expect(m.weeks[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null]); // 1 Feb 2026 is a Sunday
    const cells = m.weeks.flat().filter((c) => c !== null);
    expect(cells).toHaveLength(28);
    expect(cells.find((c) => c.date === "2026-02-14")).toMatchObject({ kind: "MAKEUP_WORKDAY", name: "春节调休上班" });
    expect(cells.find((c) => c.date === "2026-02-16")).toMatchObject({ kind: "HOLIDAY", isToday: true });
    expect(cells.find((c) => c.date === "2026-02-07")).toMatchObject({ kind: "WEEKEND", name: null });
    expect(m.spans).toContainEqual({ first: "2026-02-15", last: "2026-02-23", days: 9, kind: "HOLIDAY", name: "春节" });
    expect([m.prev, m.next]).toEqual(["2026-01", "2026-03"]);
    expect((await listCalendarMonth(admin, {}, { now: sh("2026-12-31 23:30") })).month).toBe("2026-12");
  });
  it("refuses a malformed month and other roles", async () => {
    await expect(listCalendarMonth(admin, { month: "2026-13" })).rejects.toMatchObject({ code: "rules:errors.invalidMonth", status: 400 });
    await expect(listCalendarMonth(admin, { month: "1899-01" })).rejects.toMatchObject({ code: "rules:errors.invalidMonth" });
    await expect(listCalendarMonth(staff, { month: "2026-02" })).rejects.toMatchObject({ status: 403 });
  });
});

describe("rule settings", () => {
  it("a stricter override is stored, audited and loaded; a looser one is refused", async () => {
    await setRuleSetting(admin, { profile: "CONSTRUCTION", ruleId: "documentsToDeadlineMinDays", params: { minDays: 25 } });
    const params = await loadRuleParams(db);
    expect(params.CONSTRUCTION.documentsToDeadlineMinDays).toEqual({ minDays: 25 });
    expect(params.GOVERNMENT_PROCUREMENT.documentsToDeadlineMinDays).toEqual({ minDays: 20 });
    expect(await auditOf("rules.setting_set")).toHaveLength(1);

    await expect(
      setRuleSetting(admin, { profile: "CONSTRUCTION", ruleId: "bondMaxPercent", params: { maxPercent: 5 } }),
    ).rejects.toMatchObject({ code: "rules:errors.override.looser", field: "maxPercent" });
    await expect(
      setRuleSetting(staff, { profile: "CONSTRUCTION", ruleId: "bondMaxPercent", params: { maxPercent: 1 } }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("a stored override that has become looser than the law is ignored on load", async () => {
    await db.ruleSetting.create({ data: { profile: "GOVERNMENT_PROCUREMENT", ruleId: "bondMaxPercent", params: { maxPercent: 9 } } });
    expect((await loadRuleParams(db)).GOVERNMENT_PROCUREMENT.bondMaxPercent).toEqual({ maxPercent: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { operationsOutsideWorkingHours } from "~/domain/supervision/alert-rules/operations-outside-working-hours";
import type { AlertFacts } from "~/domain/supervision/alert-rules/types";
import { listAlerts } from "~/domain/supervision/list-alerts";
import { storeRaisedAlerts } from "~/domain/supervision/store-raised-alerts";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

/**
 * Issue 16 item 4: 35 yellow 非工作时间操作 alerts in 15 minutes buried the reds. One person's off-hours
 * operations on one tender in one Shanghai day are one alert with a count and the last time, growing in
 * place as the rule (which sees a two-hour window every minute) finds more; each occurrence counts once.
 */
describe("repeating alerts grouped per rule, subject and day", () => {
  it("counts each off-hours operation once, grows in place (audited) and lists red first", async () => {
    const P = await seedParties(db);
    const lot = "0b5e3f9a-1111-4222-8333-444455556666";
    const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`); // a Monday, 21:xx
    const op = (id: string, hhmm: string) => ({ id, at: at(hhmm), action: "lot.approve", actorRole: "STAFF", actorId: P.author.userId!, entityType: "Lot", entityId: lot });
    const facts = (ops: ReturnType<typeof op>[]) => ({ operations: ops, calendar: Calendar.empty() }) as unknown as AlertFacts;
    const first = [op("e1", "21:00"), op("e2", "21:05"), op("e3", "21:10")];
    const found = operationsOutsideWorkingHours.evaluate(facts(first));
    expect(new Set(found.map((a) => a.dedupeKey)).size).toBe(1);

    expect(await storeRaisedAlerts(db, found)).toMatchObject({ raised: 1, grouped: 0 });
    // The next minute's run sees the same three and two more.
    const again = operationsOutsideWorkingHours.evaluate(facts([...first, op("e4", "21:20"), op("e5", "21:30")]));
    expect(await storeRaisedAlerts(db, again)).toMatchObject({ raised: 0, grouped: 1 });
    expect(await storeRaisedAlerts(db, again)).toMatchObject({ raised: 0, grouped: 0 });
    const rows = await db.alert.findMany({ where: { kind: "OFF_HOURS_OPERATION" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 5, lastAt: at("21:30") });
    expect((rows[0]!.params as Record<string, unknown>).auditEntryId).toBe("e5");
    expect(await db.auditEntry.count({ where: { action: "alert.grouped", entityId: rows[0]!.id } })).toBe(1);

    // Another day is another group.
    const nextDay = { ...op("e6", "21:00"), at: new Date("2026-11-24T21:00:00+08:00") };
    expect(await storeRaisedAlerts(db, operationsOutsideWorkingHours.evaluate(facts([nextDay])))).toMatchObject({ raised: 1 });

    // A red alert comes first in the console, whatever the times; the rule filter narrows to one rule.
    await db.alert.create({ data: { kind: "COLLUSION_SAME_BOND_ACCOUNT", severity: "RED", messageCode: "supervision:alerts.COLLUSION_SAME_BOND_ACCOUNT", dedupeKey: "grouping-red", lastAt: at("08:00") } });
    const list = await listAlerts(P.supervisor);
    expect(list.alerts[0]!.severity).toBe("RED");
    expect(list.alerts.find((a) => a.kind === "OFF_HOURS_OPERATION" && a.occurrences === 5)).toBeTruthy();
    expect(list.kinds.map((k) => k.kind)).toEqual(["COLLUSION_SAME_BOND_ACCOUNT", "OFF_HOURS_OPERATION"]);
    expect((await listAlerts(P.supervisor, { kind: "COLLUSION_SAME_BOND_ACCOUNT" })).alerts.map((a) => a.kind)).toEqual(["COLLUSION_SAME_BOND_ACCOUNT"]);
    // A kind no rule has (typed into the address bar) finds nothing rather than failing.
    expect((await listAlerts(P.supervisor, { kind: "NO_SUCH_RULE" })).alerts).toEqual([]);

    // Paged, never silently cut: three open alerts two to a page; a lot's alerts on their own.
    const p1 = await listAlerts(P.supervisor, {}, 2, 1);
    const p2 = await listAlerts(P.supervisor, {}, 2, 2);
    expect([p1.total, p1.pages, p1.alerts.length, p2.alerts.length]).toEqual([3, 2, 2, 1]);
    expect(new Set([...p1.alerts, ...p2.alerts].map((a) => a.id)).size).toBe(3);
    expect((await listAlerts(P.supervisor, { lotId: lot })).alerts.map((a) => a.occurrences).sort()).toEqual([1, 5]);
  });
});

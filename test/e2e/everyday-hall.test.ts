/**
 * Issue 16 items 1 and 2, in the browser, from each role's own pages:
 * - the supervisor finds the running opening on its 电子监察 start page, enters the hall, presses 监督签到
 *   and is recorded as present (no "无监督人员到场签到" alert is needed any more);
 * - the social supervisor assigned to the tender finds 在线观看开标 on its workspace once the deadline has
 *   passed and watches the hall read-only (no button to press); before the deadline the hall refuses it.
 *
 * Set-up shortcuts (as opening-failed): the published lot is inserted directly, bidders register through the
 * domain, the deadline is brought near and the worker opens the hall by itself; observer1's appointment and
 * assignment are written directly (nomination and signing are covered by social-supervisors.test.ts).
 */
import { afterAll, describe, expect, inject, test } from "vitest";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { shotBoth } from "./support/both-widths";
import { actorOf, bringDeadline, hallState, poll, publishedLotWithBidders, waitForHallOpened } from "./support/opening";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
});

describe("the opening hall for supervisors and social supervisors", () => {
  test("supervisor signs in to the hall; the social supervisor watches read-only from the deadline on", { timeout: 180_000 }, async () => {
    const [b3, b4, sup] = await Promise.all(["bidder3", "bidder4", "supervisor1"].map((u) => actorOf(db, u)));
    const code = `EV-HALL-${Date.now().toString(36).toUpperCase()}`;
    const lot = await publishedLotWithBidders(db, code, "示范市滨江公园照明工程", [b3!, b4!]);
    const observer = await db.user.findUniqueOrThrow({ where: { username: "observer1" } });
    await db.socialSupervisorAppointment.updateMany({
      where: { userId: observer.id, status: { in: ["NOMINATED", "ACTIVE", "SUSPENDED"] } },
      data: { status: "DISMISSED", endedAt: new Date() },
    });
    const now = new Date();
    const appt = await db.socialSupervisorAppointment.create({
      data: {
        userId: observer.id, status: "ACTIVE", affiliation: "市人大代表", nominatedById: sup!.userId!, nominatedAt: now,
        termStart: now, termEnd: new Date(now.getTime() + 365 * 86_400_000), agreementVersion: "2026-1", agreementSignedAt: now,
      },
    });
    await db.socialSupervisionAssignment.create({
      data: { appointmentId: appt.id, userId: observer.id, projectId: lot.projectId, assignedById: sup!.userId!, assignedAt: now },
    });

    const [supPage, obsPage] = await Promise.all([b.page(), b.page()]);
    await Promise.all([signIn(supPage, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true }), signIn(obsPage, "observer1", DEMO_PASSWORDS.SOCIAL_SUPERVISOR)]);

    // Before the deadline the social supervisor has no way in: no link, and the hall refuses it.
    await obsPage.goto(url("/observer"));
    await poll(() => obsPage.getByTestId("observer-assignment").filter({ hasText: code }).isVisible()).toBe(true);
    expect(await obsPage.getByRole("link", { name: "在线观看开标" }).count()).toBe(0);
    expect((await obsPage.request.get(url(`/hall/${lot.id}`))).status()).toBe(403);

    await bringDeadline(db, lot.id, 3_000);
    await waitForHallOpened(lot.id);

    // 1. The supervisor: its start page lists the running hall; it enters and signs in.
    await supPage.goto(url("/supervision"));
    const entry = supPage.getByTestId("open-halls").getByRole("link", { name: new RegExp(code) });
    await poll(() => entry.isVisible()).toBe(true);
    await shotBoth(b, supPage, "everyday-supervision-halls");
    await entry.click();
    await supPage.waitForURL((u) => u.pathname === `/hall/${lot.id}`);
    await poll(() => hallState(supPage)).toBe("SIGN_IN");
    await shotBoth(b, supPage, "everyday-hall-supervisor");
    await supPage.getByRole("button", { name: "监督签到" }).click();
    await poll(() => supPage.getByTestId("supervisor-signed-in").isVisible()).toBe(true);
    await poll(() => supPage.getByTestId("supervisor-attendance").textContent()).toContain("赵立新");
    await shotBoth(b, supPage, "everyday-hall-supervisor-signed");
    const att = await e2eQuery(`SELECT 1 FROM "SupervisorAttendance" WHERE "lotId" = $1 AND kind = 'OPENING' AND "supervisorId" = $2`, [lot.id, sup!.userId]);
    expect(att).toHaveLength(1);
    const audit = await e2eQuery(`SELECT 1 FROM "AuditEntry" WHERE action = 'opening.supervisor_signed_in' AND "entityId" = (SELECT id::text FROM "OpeningSession" WHERE "lotId" = $1)`, [lot.id]);
    expect(audit).toHaveLength(1);

    // 2. The social supervisor: from its workspace into the hall, read-only.
    await obsPage.goto(url("/observer"));
    await obsPage.getByRole("link", { name: "在线观看开标" }).first().click();
    await obsPage.waitForURL((u) => u.pathname === `/hall/${lot.id}`);
    await poll(() => hallState(obsPage)).toBe("SIGN_IN");
    await poll(() => obsPage.getByTestId("observer-note").isVisible()).toBe(true);
    await poll(() => obsPage.getByRole("status").filter({ hasText: "实时" }).first().isVisible()).toBe(true);
    expect(await obsPage.getByRole("button").filter({ hasText: /签到|开始|解密|异议|确认/ }).count()).toBe(0);
    await shotBoth(b, obsPage, "everyday-hall-observer");
    // A posted intent is refused and changes nothing.
    const before = await e2eQuery(`SELECT count(*)::int AS n FROM "OpeningAttendance" a JOIN "OpeningSession" s ON s.id = a."sessionId" WHERE s."lotId" = $1`, [lot.id]);
    const res = await obsPage.request.post(url(`/hall/${lot.id}`), { form: { intent: "signIn" } });
    expect(res.status()).toBeGreaterThanOrEqual(400);
    expect(res.status()).toBeLessThan(500);
    const after = await e2eQuery(`SELECT count(*)::int AS n FROM "OpeningAttendance" a JOIN "OpeningSession" s ON s.id = a."sessionId" WHERE s."lotId" = $1`, [lot.id]);
    expect(after).toEqual(before);
  });
});

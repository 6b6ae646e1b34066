/**
 * Two everyday pages as their users see them, at desktop and phone width (review round: nobody had looked):
 *  - the supervisor's alert console: one person's off-hours operations grouped into one alert with its count,
 *    a red alert first, then the rule filter (预警规则) and the severity tab;
 *  - the bidder's complaint form with its lot picker (the company's own lots, never a typed id), refused
 *    with a clear message when the grounds are empty.
 * Set-up through the database (documented shortcut): the lots are inserted, the alerts go through the real
 * store (storeRaisedAlerts), which does the grouping.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, test } from "vitest";
import { storeRaisedAlerts } from "~/domain/supervision/store-raised-alerts";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { shotBoth } from "./support/both-widths";
import { url, useBrowser } from "./support/browser";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);
const DAY = 86_400_000;
const later = (d: number) => new Date(Date.now() + d * DAY);

afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
});

async function parties() {
  const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => db.user.findUniqueOrThrow({ where: { username: u } })));
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  return { buyerOrgId: buyer.id, authorId: staff1.id, reviewerId: staff2.id, staff1 };
}

describe("everyday pages nobody had looked at", () => {
  test("the alert console: grouped alerts, red first, filtered by rule and severity", async () => {
    const p = await parties();
    const stamp = Date.now().toString(36).toUpperCase();
    const lot = await insertPublishedLot(db, p, { docsTo: later(5), deadline: later(20) }, `E2E-ALERTS-A-${stamp}`);
    const late = await insertPublishedLot(db, p, { docsTo: later(5), deadline: later(20) }, `E2E-ALERTS-B-${stamp}`);
    // Three operations by one person on one tender on one evening: one alert, counted three times.
    const evening = [21, 22, 23].map((m) => new Date(Date.now() - m * 60_000));
    const day = stamp;
    await storeRaisedAlerts(db, [
      ...evening.map((at) => ({
        kind: "OFF_HOURS_OPERATION" as const,
        severity: "YELLOW" as const,
        lotId: lot.id,
        messageCode: "supervision:alerts.OFF_HOURS_OPERATION",
        params: { auditEntryId: randomUUID(), action: "lot.approve", at: at.toISOString(), actorId: p.staff1.id, day: "2026-12-06", reason: "outsideHours" },
        dedupeKey: `off-hours-${p.staff1.id}-${lot.id}-${day}`,
        occurredAt: at,
      })),
      {
        kind: "OPENING_NOT_STARTED" as const,
        severity: "RED" as const,
        lotId: late.id,
        messageCode: "supervision:alerts.OPENING_NOT_STARTED",
        params: { bidDeadline: new Date(Date.now() - 20 * 60_000).toISOString(), status: "BIDDING_CLOSED" },
        dedupeKey: `opening-not-started-${late.id}-${stamp}`,
      },
    ]);
    const grouped = await db.alert.findUniqueOrThrow({ where: { dedupeKey: `off-hours-${p.staff1.id}-${lot.id}-${day}` } });
    expect(grouped.occurrences).toBe(3);

    const page = await b.page();
    await signIn(page, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
    await page.goto(url("/supervision/alerts?state=open"));
    // Red before yellow, and a busy console says how many there are instead of cutting the list.
    const severities = await page.locator("li.sv-alert").evaluateAll((els) => els.map((e) => e.getAttribute("data-severity")));
    expect(severities.indexOf("YELLOW") === -1 || severities.lastIndexOf("RED") < severities.indexOf("YELLOW")).toBe(true);
    await expect.poll(() => page.locator(".sv-pager").textContent()).toMatch(/第 1–\d+ 条，共 \d+ 条/);
    await shotBoth(b, page, "everyday-alerts");
    // Earlier files leave many alerts: the supervisor narrows to the tender (the link each card carries).
    await page.goto(url(`/supervision/alerts?state=open&lot=${lot.id}`));
    const card = page.locator("li.sv-alert", { has: page.locator(`a[href="/staff/lots/${lot.id}"]`) });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByTestId("alert-occurrences").textContent()).toContain("共 3 次");
    expect(await card.getByRole("link", { name: "此标段的全部预警" }).getAttribute("href")).toBe(`/supervision/alerts?state=open&lot=${lot.id}`);

    await page.getByLabel("预警规则").selectOption("OFF_HOURS_OPERATION");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/kind=OFF_HOURS_OPERATION/);
    await expect.poll(() => page.locator("li.sv-alert").evaluateAll((els) => els.every((e) => e.textContent?.includes("非工作时间操作")))).toBe(true);
    await expect.poll(() => card.count()).toBe(1);
    await page.locator(".sv-tabs").getByRole("link", { name: "红色预警", exact: true }).click();
    await page.waitForURL(/severity=RED/);
    // The rule stays chosen when the severity changes; no red off-hours alert exists.
    expect(page.url()).toContain("kind=OFF_HOURS_OPERATION");
    expect(page.url()).toContain(`lot=${lot.id}`);
    await expect.poll(() => card.count()).toBe(0);
    await shotBoth(b, page, "everyday-alerts-filtered");
  });

  test("the bidder's complaint form: picks one of its own lots, refuses empty grounds", async () => {
    const p = await parties();
    const stamp = Date.now().toString(36).toUpperCase();
    const lot = await insertPublishedLot(db, p, { docsTo: later(5), objection: later(6), deadline: later(20) }, `E2E-COMPL-${stamp}`);
    const other = await insertPublishedLot(db, p, { docsTo: later(5), deadline: later(20) }, `E2E-COMPL-X-${stamp}`);
    const bidder = await db.user.findUniqueOrThrow({ where: { username: "bidder2" } });
    await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: bidder.orgId!, userId: bidder.id } });

    const page = await b.page();
    await signIn(page, "bidder2", DEMO_PASSWORDS.BIDDER);
    await page.goto(url("/bidder/complaints"));
    const picker = page.getByLabel("投诉的标段");
    const values = await picker.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values).toContain(lot.id);
    expect(values).not.toContain(other.id); // not its lot: not offered
    await picker.selectOption(lot.id);
    await page.getByLabel("知道或应当知道违法行为的时间").fill("2026-12-01T10:00");
    await shotBoth(b, page, "everyday-complaint-form");
    await page.getByRole("button", { name: "提交投诉" }).click();
    await expect.poll(() => page.locator(`[id$="grounds-error"]`).textContent().catch(() => "")).not.toBe("");
    expect(await db.complaint.count({ where: { lotId: lot.id } })).toBe(0);
    await shotBoth(b, page, "everyday-complaint-form-error");
  });
});

/**
 * The §3 alert kinds as a supervisor sees them (issue 7): a draw whose expert has not answered and a
 * read-out hall whose prices step evenly, raised by the real rules runner over rows written to the e2e
 * database (documented shortcut: the draw and the read-out are inserted, the rules are not), then the
 * alerts console in Chinese with the evidence — amounts in yuan, the draw link, the explanation.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, test } from "vitest";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);
const MIN = 60_000;

afterAll(async () => {
  await db.$disconnect();
});

describe("alert rules in the supervisor's console", () => {
  test("an unanswered expert call and evenly stepped prices, with their evidence", async () => {
    const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => db.user.findUniqueOrThrow({ where: { username: u } })));
    const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
    const bidders = await db.organisation.findMany({ where: { kind: "BIDDER" }, take: 3, orderBy: { name: "asc" } });
    const parties = { buyerOrgId: buyer.id, authorId: staff1!.id, reviewerId: staff2!.id };
    const stamp = Date.now().toString(36).toUpperCase();
    const later = (d: number) => new Date(Date.now() + d * 86_400_000);
    const drawLot = await insertPublishedLot(db, parties, { docsTo: later(5), deadline: later(20) }, `E2E-RULES-D-${stamp}`);
    const priceLot = await insertPublishedLot(db, parties, { docsTo: later(5), deadline: later(20) }, `E2E-RULES-P-${stamp}`);

    const draw = await db.draw.create({
      data: {
        lotId: drawLot.id, buyerOrgId: buyer.id, seq: 1, status: "DRAWN", committeeMembers: 5, evaluationAt: later(2), evaluationPlace: "评标室 3",
        responseMinutes: 60, serverSeedEnc: "x", commitment: "0".repeat(64), requestedById: staff1!.id,
      },
    });
    const notifiedAt = new Date(Date.now() - 50 * MIN);
    await db.drawMember.create({
      data: { drawId: draw.id, expertId: randomUUID(), expertCode: "E-E2E0001", specialtyCode: "A01", role: "MEMBER", rank: 0, status: "NOTIFIED", notifiedAt, respondBy: new Date(notifiedAt.getTime() + 60 * MIN) },
    });
    await db.lot.update({ where: { id: priceLot.id }, data: { status: "OPENING" } });
    const s = await db.openingSession.create({ data: { lotId: priceLot.id, state: "READING", decryptionWindowMinutes: 30, openedAt: new Date(), readAt: new Date() } });
    for (const [i, o] of bidders.entries()) {
      await db.bidDecryption.create({ data: { sessionId: s.id, bidId: randomUUID(), bidderOrgId: o.id, ordinal: i + 1, status: "DECRYPTED", totalPriceFen: 1_000_000_00n + BigInt(i) * 50_000_00n } });
    }
    await evaluateAlertRules(db);
    expect(await db.alert.count({ where: { lotId: { in: [drawLot.id, priceLot.id] } } })).toBe(2);

    const ctx = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
    // Earlier files leave many alerts: one tender's alerts at a time, as the card's own link narrows them.
    await page.goto(url(`/supervision/alerts?state=open&lot=${drawLot.id}`));
    const expert = page.locator("li.sv-alert", { hasText: "E-E2E0001" });
    await expect.poll(() => expert.count()).toBe(1);
    expect(await expert.textContent()).toContain("抽取的专家临近答复时限仍未确认");
    expect(await expert.locator(`a[href="/supervision/draws/${draw.id}"]`).count()).toBe(1);
    await copyShot(b, page, "supervision-alert-rules-expert", { viewport: true });
    await page.goto(url(`/supervision/alerts?state=open&lot=${priceLot.id}`));
    const prices = page.locator("li.sv-alert", { hasText: "报价呈规律性差异" }).filter({ hasText: bidders[0]!.name });
    expect(await prices.textContent()).toContain("¥1,000,000.00、¥1,050,000.00、¥1,100,000.00");
    expect(await prices.textContent()).toContain("等差数列");
    await prices.scrollIntoViewIfNeeded();
    await copyShot(b, page, "supervision-alert-rules", { viewport: true });
    await ctx.close();
  });
});

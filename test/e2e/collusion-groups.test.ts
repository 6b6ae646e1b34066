/**
 * Issue 16 item 5 as a supervisor sees it: bidders sharing one bond account (and one upload IP) are one
 * alert per shared thing. Bids are inserted in the e2e database (documented shortcut: the bidders' upload
 * path is covered by test/integration/collusion-groups.test.ts) and the real rules runner evaluates them.
 * supervisor1 acknowledges the two-company alert; a bid is replaced and a third company pays from the
 * same account; the same card comes back open, naming the three companies by name, marked as updated.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, test } from "vitest";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { shotBoth } from "./support/both-widths";
import { url, useBrowser } from "./support/browser";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);
const ACCOUNT = "6222020100012345678";

afterAll(async () => {
  await db.$disconnect();
});

/** An active bid of `orgId` on the lot, its bond paid from ACCOUNT, uploaded from one shared address. */
async function insertBid(lotId: string, orgId: string, userId: string) {
  // The organisation's registered key (one per organisation), or a stand-in one.
  const key = await db.bidderKey.findFirst({ where: { orgId }, select: { fingerprint: true } });
  const fp = key?.fingerprint ?? randomBytes(32).toString("hex");
  if (!key) await db.bidderKey.create({ data: { orgId, fingerprint: fp, publicKeySpki: "x", createdById: userId } });
  const bid = await db.bid.create({
    data: {
      lotId, bidderOrgId: orgId, submittedById: userId, uploadId: randomUUID(), storageKey: `bids/${randomUUID()}`, size: 100n,
      ciphertextSha256: randomBytes(32).toString("hex"), plaintextSha256: randomBytes(32).toString("hex"), keyFingerprint: fp,
      uploaderIp: "198.51.100.23", deviceId: `dev-${randomBytes(4).toString("hex")}`, submittedAt: new Date(),
    },
  });
  await db.bidBond.create({ data: { bidId: bid.id, method: "ACCOUNT_TRANSFER", payerAccount: ACCOUNT, payerBank: "中国工商银行示范分行", amountFen: 1_000_00n } });
  return bid;
}

describe("a collusion alert follows its group", () => {
  test("a third company with the same bond account joins the same card, which re-opens", async () => {
    const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => db.user.findUniqueOrThrow({ where: { username: u } })));
    const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
    const users = await Promise.all(["bidder1", "bidder2", "bidder3"].map((u) => db.user.findUniqueOrThrow({ where: { username: u }, include: { org: true } })));
    const later = (d: number) => new Date(Date.now() + d * 86_400_000);
    const lot = await insertPublishedLot(db, { buyerOrgId: buyer.id, authorId: staff1.id, reviewerId: staff2.id }, { docsTo: later(5), deadline: later(20) }, `E2E-GROUP-${Date.now().toString(36).toUpperCase()}`);
    const [u1, u2, u3] = users as [typeof users[0], typeof users[0], typeof users[0]];
    const a1 = await insertBid(lot.id, u1.orgId, u1.id);
    await insertBid(lot.id, u2.orgId, u2.id);
    await evaluateAlertRules(db);
    expect(await db.alert.count({ where: { lotId: lot.id, kind: "COLLUSION_SAME_BOND_ACCOUNT" } })).toBe(1);

    const ctx = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
    await page.goto(url(`/supervision/alerts?lot=${lot.id}&kind=COLLUSION_SAME_BOND_ACCOUNT`));
    const card = page.locator("li.sv-alert", { hasText: "保证金从同一账户转出" });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain(u1.org.name);
    expect(await card.textContent()).toContain(u2.org.name);
    expect(await card.textContent()).not.toContain(u3.org.name);
    // The supervisor has looked at it: acknowledged, it leaves the open list.
    await card.getByRole("button", { name: "确认" }).click();
    await page.waitForURL(/done=acknowledged/);
    await expect.poll(() => page.locator("li.sv-alert", { hasText: "保证金从同一账户转出" }).count()).toBe(0);

    // Company 1 replaces its bid; company 3 pays its bond from the same account.
    await db.bid.update({ where: { id: a1.id }, data: { status: "REPLACED", replacedAt: new Date() } });
    const a2 = await insertBid(lot.id, u1.orgId, u1.id);
    await db.bid.update({ where: { id: a1.id }, data: { replacedById: a2.id } });
    await insertBid(lot.id, u3.orgId, u3.id);
    await evaluateAlertRules(db);
    expect(await db.alert.count({ where: { lotId: lot.id, kind: "COLLUSION_SAME_BOND_ACCOUNT" } })).toBe(1);

    // Back in the open list, one card naming the three companies by name, marked as updated.
    await page.goto(url(`/supervision/alerts?lot=${lot.id}`));
    const again = page.locator("li.sv-alert", { hasText: "保证金从同一账户转出" });
    await expect.poll(() => again.count()).toBe(1);
    const text = (await again.textContent()) ?? "";
    for (const u of [u1, u2, u3]) expect(text).toContain(u.org.name);
    expect(text).toContain(ACCOUNT);
    expect(text).toContain("已更新");
    expect(text).toContain(`新加入：${u3.org.name}`);
    expect(text).toContain("投标已替换");
    expect(await again.getByTestId("alert-changed").count()).toBe(1);
    expect(await again.locator(`a[href="/supervision/log?entityType=Bid&entityId=${a1.id}"]`).count()).toBe(0);
    expect(await again.locator(`a[href="/supervision/log?entityType=Bid&entityId=${a2.id}"]`).count()).toBe(1);
    // The same-IP card has the three as well (one alert per shared thing, not per pair).
    const ip = page.locator("li.sv-alert", { hasText: "198.51.100.23" });
    expect(await ip.count()).toBe(1);
    for (const u of [u1, u2, u3]) expect(await ip.textContent()).toContain(u.org.name);
    await again.scrollIntoViewIfNeeded();
    await shotBoth(b, page, "collusion-group-three");

    // Its change (one run saw the replacement and the newcomer) is in the log, in words, naming the newcomer.
    const alertId = (await again.getAttribute("id"))!.replace("alert-", "");
    await page.goto(url(`/supervision/log?entityType=Alert&entityId=${alertId}`));
    const rows = page.locator("table tbody tr", { hasText: "串通预警组更新" });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.locator("table tbody").textContent()).toContain(u3.org.name);
    await shotBoth(b, page, "collusion-group-log");
    await ctx.close();
    // Three rule runs over the whole e2e database and a TOTP sign-in: past the default 90 s on a busy machine.
  }, 240_000);
});

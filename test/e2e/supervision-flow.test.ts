/**
 * Supervision (issue 7) "Done when", in the browser. supervisor1 (TOTP) keeps one browser open with several
 * tabs while bidders act in others:
 *  1. live log: 江南市政 (bidder3) registers for a lot and raises an objection; both entries reach the
 *     supervisor's open log without a reload, the detail shows IP and browser;
 *  2. collusion (meanwhile): 中诚建设 (bidder4) and 恒信水利 (bidder5) seal and upload bids for another lot
 *     from this machine (same IP); the rules job raises a red "same IP" alert whose evidence names the IP,
 *     both bidders and both bids, with links;
 *  3. overdue: the objection's 3-day answer window is shortened to 20 hours (the open alerts tab turns it
 *     yellow by itself), then to seconds (red by itself at the instant; live, no reload);
 *  4. complaint: bidder3 files one (after its objection); the supervisor sees the acceptance clock (3 working
 *     days), accepts, sees the decision clock (30 working days), decides; the decision PDF is rendered by the
 *     worker and downloads from the complainant's page; the complainant was notified;
 *  5. statistics: the charts are SVG figures with a table alternative.
 *
 * Set-up through the database (documented shortcut, as in bids-flow): the two published lots are inserted
 * directly and the collusion bidders' public keys registered by the domain function the key page calls
 * (the key page itself is covered by bids-flow). The shortened answer window is written to the database and
 * re-armed by the deadline engine's own scheduler.
 */
import { createHash } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Actor } from "~/domain/actor";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, toBase64 } from "~/domain/crypto";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { shotBoth } from "./support/both-widths";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db); // registerBidderKey and the scheduler write to the e2e database

const LIVE = { timeout: 15_000, interval: 200 };
const LOOPBACK = /(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/;
const DAY = 86_400_000;
const BIDDERS = { bidder3: "江南市政工程有限公司", bidder4: "中诚建设集团股份有限公司", bidder5: "恒信水利水电工程有限公司" };

let lotA = ""; // live log, objection, complaint
let lotB = ""; // collusion
let sup: BrowserContext; // supervisor1, signed in once, tabs opened as needed
let alertsTab: Page;
let watcher: Promise<void> | null = null;
let uploads: Promise<[Page, Page]> | null = null;
let objectionId = "";
let bidder3: Page;
let bidder3Ctx: BrowserContext;

async function actorOf(username: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { userId: u.id, role: u.role, orgId: u.orgId, ip: "127.0.0.1", userAgent: "e2e supervision-flow" };
}

const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __e2eMark: number }).__e2eMark = 1));
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __e2eMark?: number }).__e2eMark === 1);

beforeAll(async () => {
  const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map(actorOf));
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const parties = { buyerOrgId: buyer.id, authorId: staff1!.userId!, reviewerId: staff2!.userId! };
  const stamp = Date.now().toString(36).toUpperCase();
  const later = (days: number) => new Date(Date.now() + days * DAY);
  lotA = (await insertPublishedLot(db, parties, { docsTo: later(5), objection: later(6), deadline: later(20) }, `E2E-SUP-A-${stamp}`)).id;
  lotB = (await insertPublishedLot(db, parties, { docsTo: later(5), deadline: later(20) }, `E2E-SUP-B-${stamp}`)).id;
  for (const username of ["bidder4", "bidder5"] as const) {
    const a = await actorOf(username);
    await db.lotRegistration.create({ data: { lotId: lotB, bidderOrgId: a.orgId!, userId: a.userId! } });
    const pair = await generateBidderKeyPair();
    const spki = await exportSpki(pair.publicKey);
    await registerBidderKey(a, { publicKeySpki: toBase64(spki), fingerprint: await publicKeyFingerprint(spki), confirmReplace: true });
  }
  sup = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await Promise.all([sup?.close().catch(() => {}), bidder3Ctx?.close().catch(() => {})]);
  setDb(undefined);
  await db.$disconnect();
});

/** bidder4 / bidder5: seal a small bid in the browser and upload it (bond paid from its own account). */
async function uploadBid(username: "bidder4" | "bidder5", n: number) {
  // Its own context (not b.page(): those close after each test, and this runs across the live-log test).
  const page = await (await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, username, DEMO_PASSWORDS.BIDDER);
  await page.goto(url(`/bidder/lots/${lotB}/bid`));
  await page.getByLabel("投标总价（元）").fill(String(880_000 + n * 1234));
  await page.getByLabel("工期（日历天）").fill("300");
  const bytes = createHash("sha256").update(`${username}-${Date.now()}`).digest();
  await page.getByLabel("投标文件（可多选）").setInputFiles({ name: "投标文件.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), bytes]) });
  await page.getByLabel("付款账号（基本账户）").fill(`62220210010100000${n}`);
  await page.getByLabel("银行流水号").fill(`SUP${Date.now()}${n}`);
  await page.getByLabel("开户行 / 出具银行").fill("中国建设银行示范市分行");
  await page.getByRole("button", { name: "加密并上传" }).click();
  await page.waitForURL(/\/receipts\//, { timeout: 60_000 });
  return page;
}

/** The supervisor's alert card for an objection (the evidence links to the objection's log). */
const objectionCard = (page: Page, severity: "YELLOW" | "RED") =>
  page.locator(`li.sv-alert[data-severity=${severity}]`).filter({ has: page.locator(`a[href*="entityId=${objectionId}"]`) });

describe("supervision", () => {
  test("live log: a bidder registers and objects; the supervisor sees both entries live with IP and browser", async () => {
    // Meanwhile, in two other browsers, bidder4 and bidder5 upload their bids (checked by the next test).
    uploads = Promise.all([uploadBid("bidder4", 4), uploadBid("bidder5", 5)]);
    uploads.catch(() => {});
    const log = await sup.newPage();
    await signIn(log, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
    await log.goto(url("/supervision/log"));
    await expect.poll(() => log.getByRole("status").filter({ hasText: "实时更新中" }).isVisible(), LIVE).toBe(true);
    await mark(log);
    const row = (action: string) => log.locator("tr.audit-row").filter({ hasText: action }).filter({ hasText: "吴芳" });
    // The demo centre's own history may hold such entries already: count what arrives.
    const [registeredBefore, objectedBefore] = await Promise.all([row("lot.registered").count(), row("objection.raised").count()]);

    // bidder3 (a fresh context) registers for lot A…
    bidder3Ctx = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 800 } });
    bidder3 = await bidder3Ctx.newPage();
    await signIn(bidder3, "bidder3", DEMO_PASSWORDS.BIDDER);
    await bidder3.goto(url(`/bidder/lots/${lotA}`));
    await bidder3.getByRole("button", { name: "登记并获取招标文件" }).click();
    await bidder3.locator("dialog[open] button[type=submit]").click();
    await bidder3.waitForURL((u) => u.search.includes("done=register"));
    await expect.poll(() => row("lot.registered").count(), LIVE).toBe(registeredBefore + 1);
    expect(await log.locator("tr.audit-row--fresh").count()).toBeGreaterThan(0);

    // …and raises an objection against the tender documents (the lot is suspended until it is answered).
    await bidder3.locator("textarea[name=text]").last().fill("招标文件第二章资格条件要求“近三年承接过 5 亿元以上单项工程”，明显排斥中小企业。");
    await bidder3.getByRole("button", { name: "提出异议" }).click();
    await bidder3.locator("dialog[open] button[type=submit]").click();
    await bidder3.waitForURL((u) => u.search.includes("done=object"));
    await expect.poll(() => row("objection.raised").count(), LIVE).toBe(objectedBefore + 1);
    expect(await notReloaded(log)).toBe(true);

    await row("objection.raised").first().getByRole("button", { name: "详情" }).click();
    const facts = await log.locator("tr.audit-detail").first().innerText();
    expect(facts).toMatch(/IP 地址\s+(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
    expect(facts).toMatch(/浏览器标识\s+Mozilla\/5\.0 .*Chrome\//);
    await log.locator("tr.audit-detail").first().scrollIntoViewIfNeeded();
    await copyShot(b, log, "supervision-live-log", { viewport: true });

    const [o] = await e2eQuery<{ id: string }>(`SELECT id FROM "Objection" WHERE "lotId" = $1`, [lotA]);
    objectionId = o!.id;
  });

  test("two bidders upload bids for one lot from the same machine", async () => {
    const [p4, p5] = await uploads!;
    const bids = await e2eQuery<{ uploaderIp: string }>(`SELECT "uploaderIp" FROM "Bid" WHERE "lotId" = $1 AND status = 'ACTIVE'`, [lotB]);
    expect(bids).toHaveLength(2);
    expect(bids[0]!.uploaderIp).toBe(bids[1]!.uploaderIp);
    expect(bids[0]!.uploaderIp).toMatch(LOOPBACK);
    await copyShot(b, p5, "supervision-bid-receipt", { viewport: true });
    await Promise.all([p4.context().close(), p5.context().close()]);
  });

  test("overdue: the objection's answer comes due; the open alerts page shows it yellow, then red, by itself", async () => {
    // Time is compressed twice, by moving the due instant (the deadline engine re-arms its alarm each time):
    // first 20 hours away — the rules (every minute) or the scheduler's check find it due soon: yellow;
    // then, once yellow is on the page, 8 seconds away — the deadline engine fires at the instant: red.
    const setDue = (due: Date) =>
      db.$transaction(async (tx) => {
        await tx.objection.update({ where: { id: objectionId }, data: { answerDueAt: due } });
        await scheduleLotTransitions(tx, lotA);
      });
    await setDue(new Date(Date.now() + 20 * 3600_000));

    alertsTab = await sup.newPage();
    await alertsTab.goto(url("/supervision/alerts"));
    await expect.poll(() => alertsTab.getByRole("status").filter({ hasText: "实时更新中" }).isVisible(), LIVE).toBe(true);
    await mark(alertsTab);
    // Watched in the background while the complaint goes through its clocks in other tabs.
    watcher = (async () => {
      await expect.poll(() => objectionCard(alertsTab, "YELLOW").count(), { timeout: 75_000, interval: 250 }).toBe(1);
      await objectionCard(alertsTab, "YELLOW").scrollIntoViewIfNeeded();
      await copyShot(b, alertsTab, "supervision-alert-yellow", { viewport: true });
      const due = new Date(Date.now() + 8_000);
      await setDue(due);
      await new Promise((r) => setTimeout(r, due.getTime() - Date.now() - 1_000));
      expect(await objectionCard(alertsTab, "RED").count()).toBe(0); // not before its instant
      await expect.poll(() => objectionCard(alertsTab, "RED").count(), { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(1);
      expect(Date.now()).toBeGreaterThanOrEqual(due.getTime());
    })();
    watcher.catch(() => {}); // awaited (and reported) by the alerts test
  });

  test("complaint: filed after the objection, accepted within its clock, decided; PDF and notice to the complainant", async () => {
    await bidder3.goto(url(`/bidder/complaints?lotId=${lotA}`));
    const knewAt = new Date(Date.now() - 3600_000).toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 16).replace(" ", "T");
    await bidder3.getByLabel("知道或应当知道违法行为的时间").fill(knewAt);
    // About the tender documents: allowed only because bidder3 objected first (实施条例第六十条).
    await bidder3.getByLabel("投诉事项类别").selectOption("TENDER_DOCUMENTS");
    await bidder3.getByLabel("投诉事项与理由").fill("我公司于异议中指出资格条件排斥中小企业，招标人逾期未答复，特此投诉。");
    await bidder3.getByRole("button", { name: "提交投诉" }).click();
    await bidder3.waitForURL(/\/bidder\/complaints\/[0-9a-f-]{36}\?filed=1/);
    const complaintId = new URL(bidder3.url()).pathname.split("/").pop()!;
    const [c] = await e2eQuery<{ filedAt: Date; acceptDueAt: Date }>(`SELECT "filedAt", "acceptDueAt" FROM "Complaint" WHERE id = $1`, [complaintId]);
    // 3 working days: at least three calendar days later, never on a weekend.
    const acceptDays = (c!.acceptDueAt.getTime() - c!.filedAt.getTime()) / DAY;
    expect(acceptDays).toBeGreaterThanOrEqual(3);
    expect(acceptDays).toBeLessThan(12);

    const page = await sup.newPage();
    await page.goto(url("/supervision/complaints"));
    await page.locator(`a[href="/supervision/complaints/${complaintId}"]`).first().click();
    await page.waitForURL((u) => u.pathname === `/supervision/complaints/${complaintId}`);
    const main = page.locator("main");
    // (Client-side navigation: the URL may change before the complaint has rendered.)
    await expect.poll(() => main.innerText(), LIVE).toContain(BIDDERS.bidder3);
    expect(await main.innerText()).toContain("待受理");
    const clock = (label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
    expect(await clock("受理时限（3 个工作日）").locator("time").getAttribute("datetime")).toBe(c!.acceptDueAt.toISOString());
    expect(await clock("受理时限（3 个工作日）").innerText()).toMatch(/剩余 (\d+ 天 )?\d\d:\d\d/);
    await copyShot(b, page, "supervision-complaint-received", { viewport: true });

    await page.getByRole("button", { name: "受理", exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("done") === "accept");
    await expect.poll(() => main.innerText()).toContain("处理决定时限（30 个工作日）开始计算");
    expect(await clock("受理时限（3 个工作日）").innerText()).toContain("未超时");
    const [accepted] = await e2eQuery<{ acceptedAt: Date; decisionDueAt: Date }>(`SELECT "acceptedAt", "decisionDueAt" FROM "Complaint" WHERE id = $1`, [complaintId]);
    const decisionDays = (accepted!.decisionDueAt.getTime() - accepted!.acceptedAt.getTime()) / DAY;
    expect(decisionDays).toBeGreaterThanOrEqual(30 + 8); // 30 working days span at least six weekends
    expect(decisionDays).toBeLessThan(60);
    expect(await clock("决定时限（30 个工作日）").locator("time").getAttribute("datetime")).toBe(accepted!.decisionDueAt.toISOString());
    expect(await clock("决定时限（30 个工作日）").innerText()).toMatch(/剩余 (\d+ 天 )?\d\d:\d\d/);
    await copyShot(b, page, "supervision-complaint-accepted", { viewport: true });

    await page.getByLabel("处理决定").fill("经调查，招标文件资格条件设置不合理，责令招标人修改招标文件后重新发布。");
    await page.getByRole("button", { name: "作出处理决定" }).click();
    await page.waitForURL((u) => u.searchParams.get("done") === "decide");
    await expect.poll(() => main.innerText()).toContain("已决定");
    expect(await clock("决定时限（30 个工作日）").innerText()).toContain("未超时");

    // The complainant: notified, and the decision PDF (rendered by the worker) downloads from its page.
    await bidder3.goto(url("/notifications"));
    const notices = await bidder3.locator("main").innerText();
    expect(notices).toContain("投诉已受理");
    expect(notices).toContain("投诉处理决定");
    await copyShot(b, bidder3, "supervision-complaint-notices", { viewport: true });
    await bidder3.goto(url(`/bidder/complaints/${complaintId}`));
    const pdfLink = bidder3.getByRole("link", { name: "下载处理决定书" });
    await expect.poll(async () => (await pdfLink.isVisible()) || (await bidder3.reload(), pdfLink.isVisible()), { timeout: 45_000, interval: 700 }).toBe(true);
    // The link downloads the PDF (attachment); fetched with the complainant's session (and only with it).
    const pdfRes = await bidder3.request.get(url((await pdfLink.getAttribute("href"))!));
    expect(pdfRes.status()).toBe(200);
    expect(pdfRes.headers()["content-type"]).toContain("application/pdf");
    expect(pdfRes.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect((await pdfRes.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await copyShot(b, bidder3, "supervision-complaint-decided");
  });

  test("alerts: the overdue objection went red by itself; the same-IP collusion alert explains its evidence", async () => {
    expect(watcher).not.toBeNull();
    await watcher;
    expect(await notReloaded(alertsTab)).toBe(true);
    // A yellow card still standing (unacknowledged) says its step has gone red; one upgraded in place is red.
    for (const card of await objectionCard(alertsTab, "YELLOW").all()) expect(await card.innerText()).toContain("已转为红色预警");
    const red = objectionCard(alertsTab, "RED").first();
    expect(await red.innerText()).toMatch(/异议答复(已)?超时/);
    expect(await red.innerText()).not.toContain("{{");
    await red.scrollIntoViewIfNeeded();
    await copyShot(b, alertsTab, "supervision-alert-red", { viewport: true });

    // Collusion: raised by the rules run after both bids were in (on the page by now, live).
    const collusion = alertsTab.locator("li.sv-alert[data-severity=RED]").filter({ has: alertsTab.locator(`a[href="/staff/lots/${lotB}"]`) }).filter({ hasText: "同一 IP" });
    await expect.poll(() => collusion.count(), { timeout: 70_000, interval: 500 }).toBe(1);
    const text = await collusion.innerText();
    expect(text).toContain("不同投标人从同一 IP 上传投标文件");
    expect(text).toMatch(new RegExp(`IP 地址\\s*${LOOPBACK.source}`));
    expect(text).toContain(BIDDERS.bidder4);
    expect(text).toContain(BIDDERS.bidder5);
    const bidIds = await e2eQuery<{ id: string }>(`SELECT id FROM "Bid" WHERE "lotId" = $1 AND status = 'ACTIVE'`, [lotB]);
    for (const { id } of bidIds) expect(await collusion.locator(`a[href="/supervision/log?entityType=Bid&entityId=${id}"]`).count()).toBe(1);
    expect(await collusion.locator(`a[href^="/supervision/log?org="]`).count()).toBe(2);
    await collusion.scrollIntoViewIfNeeded();
    await copyShot(b, alertsTab, "supervision-alert-collusion", { viewport: true });
    expect(await notReloaded(alertsTab)).toBe(true);
  });

  test("statistics: SVG charts, each with its figures as a table", async () => {
    const page = await sup.newPage();
    await page.goto(url("/supervision/stats"));
    const figures = page.locator("figure.sv-chart");
    expect(await figures.count()).toBeGreaterThanOrEqual(5);
    for (const f of await figures.all()) {
      expect(await f.locator("figcaption").innerText()).not.toBe("");
      expect(await f.locator('svg[role="img"]').count()).toBeGreaterThan(0);
      expect(await f.locator("svg[role=img]").first().getAttribute("aria-label")).toBeTruthy();
    }
    const tables = page.locator("figure.sv-chart details");
    expect(await tables.count()).toBeGreaterThanOrEqual(4);
    // The alerts-by-kind table counts what this file raised: a red same-IP and a red overdue objection.
    const byKind = figures.filter({ hasText: "预警按类型" });
    await byKind.getByText("统计表").click();
    const redOf = async (kind: string) => Number(await byKind.locator("tbody tr").filter({ has: page.locator("th", { hasText: kind }) }).locator("td").nth(1).innerText());
    expect(await redOf("同一 IP")).toBeGreaterThanOrEqual(1);
    expect(await redOf("异议答复超时")).toBeGreaterThanOrEqual(1);
    await copyShot(b, page, "supervision-stats");
    // Savings and the award clocks: the seed's archived tender (budget 29 800 000.00, award 27 860 000.00)
    // counts in both, its report, contract and refunds all in time.
    const savings = page.getByTestId("stats-savings");
    expect(await savings.locator("figcaption").innerText()).toContain("节约资金");
    expect(await savings.locator("svg[role=img]").count()).toBe(1);
    await savings.getByText("统计表").click();
    expect(await savings.locator("tbody").innerText()).toContain("1,940,000.00");
    expect(await savings.locator("tbody").innerText()).toContain("6.51%");
    const clocks = page.getByTestId("stats-award-clocks");
    expect(await clocks.locator("svg[role=img]").count()).toBe(4);
    await clocks.getByText("统计表").click();
    const refundRow = clocks.locator("tbody tr").filter({ hasText: "退还保证金" });
    expect(Number(await refundRow.locator("td").first().innerText())).toBeGreaterThanOrEqual(1);
    await shotBoth(b, page, "supervision-stats-savings");
  });
});

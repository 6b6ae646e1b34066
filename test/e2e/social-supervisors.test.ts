/**
 * Social supervisors (issue 7 §5) in the browser: supervisor1 nominates observer1 (a SOCIAL_SUPERVISOR demo
 * account); observer1 reads the agreement and duties and signs; the worker renders the 聘书 PDF, which
 * downloads from the workspace; supervisor1 assigns a (major) project; observer1 sees it, opens the scoped
 * live log, and is refused another tender's log with a clear message; observer1 asks for recusal and
 * supervisor1 grants it. Lots are inserted directly (documented shortcut, as in supervision-flow).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Actor } from "~/domain/actor";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);
const DAY = 86_400_000;
const LIVE = { timeout: 30_000, interval: 300 };

let code = "";
let lotA = "";
let lotB = "";
let supCtx: BrowserContext;
let obsCtx: BrowserContext;
let sup: Page;
let obs: Page;

async function actorOf(username: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { userId: u.id, role: u.role, orgId: u.orgId, ip: "127.0.0.1", userAgent: "e2e social-supervisors" };
}

beforeAll(async () => {
  const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => db.user.findUniqueOrThrow({ where: { username: u } })));
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const parties = { buyerOrgId: buyer.id, authorId: staff1!.id, reviewerId: staff2!.id };
  const stamp = Date.now().toString(36).toUpperCase();
  const later = (days: number) => new Date(Date.now() + days * DAY);
  code = `E2E-SOC-${stamp}`;
  lotA = (await insertPublishedLot(db, parties, { docsTo: later(5), deadline: later(20) }, code)).id;
  lotB = (await insertPublishedLot(db, parties, { docsTo: later(5), deadline: later(20) }, `E2E-SOC-B-${stamp}`)).id;
  // 重大项目: ¥6,000,000 ceiling.
  await db.lot.update({ where: { id: lotA }, data: { ceilingPriceFen: 600_000_000n, estimatedPriceFen: 650_000_000n } });
  // A previous run may have left observer1 appointed: end it so this run nominates afresh.
  await db.socialSupervisorAppointment.updateMany({
    where: { status: { in: ["NOMINATED", "ACTIVE", "SUSPENDED"] }, userId: (await db.user.findUniqueOrThrow({ where: { username: "observer1" } })).id },
    data: { status: "DISMISSED", endedAt: new Date() },
  });
  const ctx = () => b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
  [supCtx, obsCtx] = await Promise.all([ctx(), ctx()]);
  [sup, obs] = await Promise.all([supCtx.newPage(), obsCtx.newPage()]);
  await signIn(sup, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
  await signIn(obs, "observer1", DEMO_PASSWORDS.SOCIAL_SUPERVISOR);
});

afterAll(async () => {
  await Promise.all([supCtx?.close().catch(() => {}), obsCtx?.close().catch(() => {})]);
  setDb(undefined);
  await db.$disconnect();
});

describe("social supervisors", () => {
  test("nomination, agreement and certificate", async () => {
    await sup.goto(url("/supervision/social-supervisors"));
    await sup.getByLabel("账号（用户名）").fill("observer1");
    await sup.getByLabel("身份/单位（如 人大代表、政协委员、企业代表）").fill("市人大代表");
    await sup.getByRole("button", { name: "提名" }).click();
    await expect.poll(() => sup.getByRole("status").filter({ hasText: "已提名" }).isVisible(), LIVE).toBe(true);

    await obs.goto(url("/observer"));
    await expect.poll(() => obs.getByTestId("appointment-status").textContent(), LIVE).toContain("已提名");
    await expect.poll(() => obs.getByText("对知悉的未公开信息").or(obs.getByText("严格保密")).first().isVisible(), LIVE).toBe(true);
    // Signing without ticking is stopped by the browser (required); tick and sign.
    await obs.getByLabel("我已阅读并同意以上聘任协议及职责").check();
    await obs.getByRole("button", { name: "签署协议" }).click();
    await expect.poll(() => obs.getByTestId("appointment-status").textContent(), LIVE).toContain("在聘");
    // The worker renders the 聘书: the download link appears.
    await expect
      .poll(async () => {
        await obs.reload();
        return obs.getByRole("link", { name: "下载聘书" }).count();
      }, { timeout: 60_000, interval: 1000 })
      .toBe(1);
    const href = (await obs.getByRole("link", { name: "下载聘书" }).getAttribute("href"))!;
    const res = await obs.request.get(url(href));
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await copyShot(b, obs, "social-observer-signed");
  });

  test("assignment, scoped log, refusal beyond, recusal", async () => {
    await sup.goto(url("/supervision/social-supervisors"));
    const row = sup.getByTestId("appointment-observer1");
    await row.getByText("指派项目").first().click();
    // The register offers a searchable list of public tenders (issue 16 item 6): search, then pick.
    await row.getByLabel("搜索项目").fill(code);
    await row.getByLabel("项目 / 标段").selectOption(`${code}|`);
    await row.getByRole("button", { name: "指派" }).click();
    await expect.poll(() => sup.getByRole("status").filter({ hasText: "已指派" }).isVisible(), LIVE).toBe(true);
    await copyShot(b, sup, "social-register");
    // The lot is a major project (¥6,000,000 ceiling): badged on the lot's page, no supervisor attendance yet.
    await sup.goto(url(`/staff/lots/${lotA}`));
    await expect.poll(() => sup.getByTestId("major-badge").isVisible(), LIVE).toBe(true);
    await expect.poll(() => sup.getByText("尚无监督员到场记录").isVisible(), LIVE).toBe(true);
    await copyShot(b, sup, "social-major-badge", { viewport: true });

    // A bidder registers for each tender (the domain call the register button makes).
    await registerForLot(await actorOf("bidder3"), { lotId: lotA });
    await registerForLot(await actorOf("bidder3"), { lotId: lotB });

    await obs.goto(url("/observer"));
    await expect.poll(() => obs.getByTestId("observer-assignment").count(), LIVE).toBe(1);
    await obs.getByRole("link", { name: "查看实时日志" }).first().click();
    await obs.waitForURL((u) => u.pathname === "/supervision/log");
    await expect.poll(() => obs.getByText("被指派项目的日志").first().isVisible(), LIVE).toBe(true);
    await expect.poll(() => obs.getByRole("status").filter({ hasText: "实时更新中" }).isVisible(), LIVE).toBe(true);
    const registered = obs.locator("tr.audit-row").filter({ hasText: "lot.registered" });
    // Who registers is secret until the opening, from social supervisors too (招标投标法 art. 22; issue 13):
    // neither the page nor the live stream shows a registration while the tender is open for bids.
    await registerForLot(await actorOf("bidder4"), { lotId: lotB });
    await registerForLot(await actorOf("bidder4"), { lotId: lotA });
    await obs.waitForTimeout(2000);
    expect(await registered.count()).toBe(0);
    const bidderNames = await db.organisation.findMany({ where: { users: { some: { username: { in: ["bidder3", "bidder4"] } } } }, select: { name: true } });
    for (const { name } of bidderNames) expect(await obs.locator("main").innerText()).not.toContain(name);
    await copyShot(b, obs, "social-log-sealed", { viewport: true });
    // From the opening (the hall opens at the deadline; set through the database) both registrations show.
    await db.lot.update({ where: { id: lotA }, data: { status: "OPENING" } });
    await obs.reload();
    await expect.poll(() => registered.count(), LIVE).toBe(2);
    expect(await obs.content()).not.toContain(lotB);
    await copyShot(b, obs, "social-scoped-log", { viewport: true });

    await obs.goto(url(`/supervision/log?lot=${lotB}`));
    await expect.poll(() => obs.getByRole("alert").filter({ hasText: "不在您的指派范围内" }).isVisible(), LIVE).toBe(true);
    await copyShot(b, obs, "social-refused", { viewport: true });
    // Alerts are not for social supervisors either.
    const r = await obs.request.get(url("/supervision/alerts"));
    expect([403, 404]).toContain(r.status());

    await obs.goto(url("/observer"));
    await obs.locator("summary", { hasText: "申请回避" }).first().click();
    await obs.getByLabel("回避理由（与本项目的利害关系）").fill("本人配偶在投标单位任职");
    await obs.getByRole("button", { name: "申请回避" }).click();
    await expect.poll(() => obs.getByRole("status").filter({ hasText: "回避申请已提交" }).isVisible(), LIVE).toBe(true);

    await sup.goto(url("/supervision/social-supervisors"));
    const req = sup.getByTestId("recusal-request").filter({ hasText: code });
    await req.getByRole("button", { name: "同意回避" }).click();
    await expect.poll(() => sup.getByRole("status").filter({ hasText: "已处理回避申请" }).isVisible(), LIVE).toBe(true);
    const [a] = await e2eQuery<{ status: string }>(
      `SELECT s.status FROM "SocialSupervisionAssignment" s JOIN "Project" p ON p.id = s."projectId" WHERE p.code = $1`,
      [code],
    );
    expect(a?.status).toBe("RECUSED");
    // Out of scope now: the lot's log is refused.
    await obs.goto(url(`/supervision/log?lot=${lotA}`));
    await expect.poll(() => obs.getByRole("alert").filter({ hasText: "不在您的指派范围内" }).isVisible(), LIVE).toBe(true);
  });
});

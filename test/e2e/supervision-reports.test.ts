/**
 * Supervision reports (issue 7 §1 and §6) in the browser: the live log's export panel (a refused empty
 * range, then a PDF export whose progress page ends with a download link, rendered by the real worker),
 * a supervisor making last month's bulletin, and the public league table of service ratings.
 * Documented shortcut: the month's ratings are inserted into the e2e database (rating itself has its own tests).
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, test } from "vitest";
import { previousShanghaiMonth } from "~/domain/supervision/month-range";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db);

afterAll(async () => {
  await db.$disconnect();
});

describe("supervision reports", () => {
  test("log export (refusal, PDF with progress), monthly bulletin, public league table", async () => {
    const month = previousShanghaiMonth();
    const [y, m] = month.split("-").map(Number) as [number, number];
    const inMonth = new Date(Date.UTC(y, m - 1, 15, 4, 0, 0));
    const staff = await db.user.findUniqueOrThrow({ where: { username: "staff1" } });
    const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
    const agents = [
      await db.organisation.create({ data: { kind: "AGENT", name: "E2E甲招标代理有限公司", creditCode: randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase() } }),
      await db.organisation.create({ data: { kind: "AGENT", name: "E2E乙招标代理有限公司", creditCode: randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase() } }),
    ];
    const scores = [[4, 3], [5, 5, 4]];
    for (const [i, agent] of agents.entries()) {
      const code = `E2E-RPT-${i}-${Date.now().toString(36)}`;
      const project = await db.project.create({ data: { code, title: code, procurementType: "CONSTRUCTION", buyerOrgId: buyer.id, agentOrgId: agent.id, region: "320500", createdById: staff.id } });
      const t = new Date(inMonth.getTime() - 30 * 86_400_000);
      const lot = await db.lot.create({
        data: {
          projectId: project.id, lotNo: 1, title: "标段", estimatedPriceFen: 1n, ceilingPriceFen: 1n, bondFen: 0n, evaluationMethod: "LOWEST_PRICE", status: "ARCHIVED",
          docsAvailableFrom: t, docsAvailableTo: new Date(t.getTime() + 1000), clarificationCutoff: t, objectionCutoff: t, bidDeadline: new Date(t.getTime() + 2000),
          authorId: staff.id, reviewerId: staff.id, publishedAt: t,
        },
      });
      for (const s of scores[i]!) await db.satisfactionRating.create({ data: { lotId: lot.id, orgId: randomUUID(), userId: randomUUID(), score: s, createdAt: inMonth } });
    }

    const ctx = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });

    // An empty range is refused with the reason, on the live log itself.
    await page.goto(url("/supervision/log?action=zzz.none"));
    await page.getByRole("link", { name: "导出 CSV" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "没有符合筛选条件" }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("action")).toBe("zzz.none");
    await page.locator("#log-export-title").scrollIntoViewIfNeeded();
    await copyShot(b, page, "supervision-log-export-refused", { viewport: true });

    // A PDF of the sign-ins (session.*): the progress page polls the export until its download link appears.
    await page.goto(url("/supervision/log?action=session"));
    await page.getByRole("button", { name: "生成 PDF（含哈希链）" }).click();
    await page.waitForURL(/\/supervision\/log\/exports\//);
    const download = page.getByRole("link", { name: "下载 PDF" });
    await expect.poll(() => download.count(), { timeout: 90_000, interval: 500 }).toBe(1);
    expect(await page.locator("progress").getAttribute("value")).toBe("100");
    await copyShot(b, page, "supervision-log-export-pdf", { viewport: true });
    const res = await page.request.get(url((await download.getAttribute("href"))!));
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // Last month's bulletin, made on request; the list shows it with its download.
    await page.goto(url("/supervision/bulletins"));
    await page.getByLabel("月份").selectOption(month);
    await page.getByRole("button", { name: "生成通报" }).click();
    const row = page.locator("tbody tr", { hasText: month });
    await expect.poll(() => row.count(), { timeout: 90_000, interval: 500 }).toBe(1);
    expect(await row.getByRole("link", { name: "下载 PDF" }).count()).toBe(1);
    await copyShot(b, page, "supervision-bulletins", { viewport: true });
    await ctx.close();

    // The public league table: no sign-in; ranked by average score, with a table beside the chart.
    const pub = await b.browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 900 } });
    const p2 = await pub.newPage();
    await p2.goto(url(`/ratings?month=${month}`));
    const names = await p2.locator("table tbody th[scope=row]").allTextContents();
    expect(names.indexOf("E2E乙招标代理有限公司")).toBeLessThan(names.indexOf("E2E甲招标代理有限公司"));
    expect(names.indexOf("E2E甲招标代理有限公司")).toBeGreaterThanOrEqual(0);
    expect(await p2.locator("svg.league-chart").count()).toBe(1);
    await copyShot(b, p2, "ratings-league", { viewport: true });
    await pub.close();
  }, 240_000);
});

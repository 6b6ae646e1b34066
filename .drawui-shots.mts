import { authenticator } from "otplib";
import pg from "pg";
import { chromium, type Page } from "playwright-core";

const BASE = "http://127.0.0.1:3108";
const SECRET = "JBSWY3DPEHPK3PXP";
const DB = "postgresql://postgres@127.0.0.1:5432/ggzy_drawui";
const shot = (p: Page, n: string) => p.screenshot({ path: `/work/notes/shots/draw-${n}.png`, fullPage: true });

async function q(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: DB });
  await c.connect();
  try { return (await c.query(sql, params)).rows; } finally { await c.end(); }
}
async function totp(username: string) {
  const [r] = await q(`SELECT "totpLastStep" AS step FROM "User" WHERE username=$1`, [username]);
  for (;;) {
    const now = Date.now(); const step = Math.floor(now / 30000); const left = 30000 - (now % 30000);
    if (step > (r?.step ?? -1) && left > 2000) return authenticator.generate(SECRET);
    await new Promise((res) => setTimeout(res, left + 200));
  }
}
async function signIn(page: Page, u: string, pw: string, mfa: boolean) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("用户名", { exact: true }).fill(u);
  await page.getByLabel("密码", { exact: true }).fill(pw);
  await page.locator("form#login button[type=submit]").click();
  if (mfa) {
    await page.waitForURL((x) => x.pathname === "/login/totp");
    await page.locator("input[name=code]").fill(await totp(u));
    await page.locator("form#totp button[type=submit]").click();
  }
  await page.waitForURL((x) => !x.pathname.startsWith("/login"));
}

const step = process.argv[2] ?? "all";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  if (step === "all" || step === "staff") {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    await signIn(page, "staff1", "Demo-Staff#2026", true);
    await page.goto(`${BASE}/staff/draws/new`);
    await shot(page, "staff-new-empty");
    await page.selectOption("select[name=lotId]", { index: 1 });
    await page.fill("input[name=committeeMembers]", "7");
    await page.selectOption("select[name='specialties[0].code']", "A0302");
    await page.fill("input[name='specialties[0].members']", "3");
    await page.fill("input[name='specialties[0].backups']", "1");
    await page.getByRole("button", { name: "+ 增加专业" }).click();
    await page.selectOption("select[name='specialties[1].code']", "A0101");
    await page.fill("input[name='specialties[1].members']", "2");
    await page.fill("input[name='specialties[1].backups']", "1");
    await page.fill("input[name=evaluationAt]", "2026-12-28T09:30");
    await page.fill("input[name=evaluationPlace]", "示范市公共资源交易中心 3 楼评标室 305");
    await shot(page, "staff-new-filled");
    await page.getByRole("button", { name: "提交抽取申请" }).click();
    await page.waitForURL((u) => /\/staff\/draws\/[0-9a-f-]{36}/.test(u.pathname), { timeout: 60000 });
    await page.waitForLoadState("networkidle");
    await shot(page, "staff-after-request");
    console.log("staff url", page.url());
    await page.goto(`${BASE}/staff/draws`);
    await shot(page, "staff-list");
    await page.goto(`${BASE}/staff/experts?specialty=A03`);
    await shot(page, "staff-experts");
    await ctx.close();
  }
  if (step === "all" || step === "super") {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    await signIn(page, "supervisor1", "Demo-Watch#2026", true);
    await page.goto(`${BASE}/supervision/draws`);
    await shot(page, "super-list");
    const link = page.locator("section").first().locator("a").first();
    await link.click();
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "生成 32 字节随机数" }).click();
    await shot(page, "super-entropy");
    await page.getByRole("button", { name: "输入并抽取" }).click();
    await page.waitForURL((u) => u.search.includes("drawn="), { timeout: 60000 });
    await page.waitForLoadState("networkidle");
    await shot(page, "super-drawn");
    console.log("super url", page.url());
    const r = await page.request.get(page.url().split("?")[0] + "/record.pdf");
    console.log("record.pdf", r.status(), r.headers()["content-type"], (await r.body()).length);
    await ctx.close();
  }
  if (step === "all" || step === "staff2") {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    await signIn(page, "staff1", "Demo-Staff#2026", true);
    await page.goto(`${BASE}/staff/draws`);
    await page.locator("table a").first().click();
    await page.waitForLoadState("networkidle");
    await shot(page, "staff-detail-sealed");
    const html = await page.content();
    const names = await q(`SELECT e.name FROM "DrawMember" m JOIN "Expert" e ON e.id=m."expertId"`);
    console.log("names on staff page:", names.filter((n) => html.includes(n.name)).length, "of", names.length);
    await ctx.close();
  }
  if (step === "all" || step === "expert") {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    await signIn(page, "expert1", "Demo-Expert#2026", false);
    await page.goto(`${BASE}/expert`);
    await shot(page, "expert");
    await ctx.close();
  }
} finally {
  await browser.close();
}

// ---- second pass: decline → backup, finalize → record; import with row errors and a good file
import { writeFileSync } from "node:fs";
import { idNumberCheckChar } from "./app/domain/experts/id-number";
const step2 = process.argv[2];
if (step2 === "flow2" || step2 === "import") {
  const b2 = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const ctx = await b2.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  if (step2 === "flow2") {
    await signIn(page, "expert1", "Demo-Expert#2026", false);
    await page.goto(`${BASE}/expert`);
    await page.fill("input[name=reason]", "当日另有公务，无法参加");
    await page.getByRole("button", { name: "不能参加" }).click();
    await page.waitForURL((u) => u.search.includes("done=decline"));
    await shot(page, "expert-declined");
    await new Promise((r) => setTimeout(r, 5000));
    const p2 = await (await b2.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(p2, "supervisor1", "Demo-Watch#2026", true);
    const [d] = await q(`SELECT id FROM "Draw" ORDER BY "requestedAt" LIMIT 1`);
    await p2.goto(`${BASE}/supervision/draws/${d.id}`);
    await shot(p2, "super-backup-called");
    const p3 = await (await b2.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(p3, "staff1", "Demo-Staff#2026", true);
    await p3.goto(`${BASE}/staff/draws/${d.id}`);
    await p3.getByRole("button", { name: "确认抽取结果" }).click();
    await p3.waitForURL((u) => u.search.includes("done=finalize"));
    await new Promise((r) => setTimeout(r, 5000));
    await p3.goto(`${BASE}/staff/draws/${d.id}?done=finalize`);
    await shot(p3, "staff-final");
    const link = p3.locator("a", { hasText: "专家抽取记录表" });
    console.log("doc link", await link.count(), await link.getAttribute("href").catch(() => null));
  } else {
    await signIn(page, "staff1", "Demo-Staff#2026", true);
    const id = (p: string) => p + idNumberCheckChar(p);
    const head = "姓名,身份证号,手机,邮箱,工作单位,统一社会信用代码,地区,职称,专业,状态";
    const cc = (await q(`SELECT "employerCreditCode" AS c FROM "Expert" LIMIT 1`))[0].c;
    const bad = [head, `王小明,${id("32050219800101123")},13812345678,,示范市设计院,${cc},320500,高级工程师,A0101,在库`, `李四,123,1381234,x@,某单位,BADCODE,,,Z99,未知`].join("\n");
    writeFileSync("/tmp/drawui-bad.csv", bad);
    await page.goto(`${BASE}/staff/experts`);
    await page.setInputFiles("input[name=file]", "/tmp/drawui-bad.csv");
    await page.getByRole("button", { name: "上传并导入" }).click();
    await page.waitForURL((u) => u.search.includes("import="));
    await new Promise((r) => setTimeout(r, 4000));
    await shot(page, "import-errors");
    const rows = [head];
    for (let i = 0; i < 40; i++) rows.push(`导入专家${i},${id(`3205021980010${String(2000 + i).padStart(4, "0")}`)},1381234${String(1000 + i)},,示范市设计院,${cc},320500,工程师,A0101;A0302,在库`);
    writeFileSync("/tmp/drawui-good.csv", rows.join("\n"));
    await page.setInputFiles("input[name=file]", "/tmp/drawui-good.csv");
    await page.getByRole("button", { name: "上传并导入" }).click();
    await page.waitForURL((u) => u.search.includes("import=") && !u.search.includes(page.url().split("import=")[1] ?? "x"));
    await new Promise((r) => setTimeout(r, 4000));
    await shot(page, "import-done");
  }
  await b2.close();
}

/**
 * Foundation, issue 2 "Done when": a company registers itself at /register. Bad input (wrong credit-code
 * check character, weak password, mismatched confirmation) is refused with localized messages next to
 * the fields — in the browser and, without JavaScript, by the server — and nothing is stored. Valid
 * input is answered "申请已提交，请查收邮件" (issue 13 item 9: the same answer an application colliding with an
 * existing account gets, so the page tells nobody which accounts exist); the e-mailed link confirms it, signs
 * the new bidder in, and the worker renders their registration certificate (a real PDF) which they can then
 * download. Applying again with the same details gets the very same answer and creates nothing.
 */
import { createHash, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { makeCreditCode } from "../../prisma/seed/credit-code";
import { url, useBrowser } from "./support/browser";
import { confirmRegistrationFromMail } from "./support/register";
import { copyShot } from "./support/shots";
import { e2eQuery } from "./support/sign-in";

const b = useBrowser();

/** A fresh company for this run: valid, never seeded (seed bodies are 46…/70…; ours start with 8). */
const n = String(randomInt(0, 10_000_000)).padStart(7, "0");
const company = {
  name: `示范测试科技有限公司${n}`,
  creditCode: makeCreditCode("91", "320500", `8${n}`),
  username: `e2e-reg-${n}`,
  password: "Lotus-Harbour#2026",
};
/** The same code with a wrong check character (the last one shifted within the charset). */
const badCode = company.creditCode.slice(0, 17) + (company.creditCode[17] === "0" ? "1" : "0");

/** By its visible label; required fields' labels end in a decorative " *". */
const label = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}(\\s*\\*)?$`));

async function fillForm(page: Page, v: { creditCode: string; password: string; confirm: string }) {
  await label(page, "单位名称").fill(company.name);
  await label(page, "统一社会信用代码").fill(v.creditCode);
  await label(page, "行政区划代码").fill("320500");
  await label(page, "单位地址").fill("示范市高新区测试路 8 号");
  await label(page, "联系人").fill("测试员");
  await label(page, "联系电话").fill("0512-68001234");
  await label(page, "用户名").fill(company.username);
  await label(page, "姓名").fill("测试员");
  await label(page, "电子邮箱").fill(`${company.username}@example.cn`);
  await label(page, "手机号码").fill("13900001234");
  await label(page, "密码").fill(v.password);
  await label(page, "确认密码").fill(v.confirm);
}

const fieldErrors = (page: Page) => page.locator(".form-error").allInnerTexts();

const EXPECTED_ERRORS = [
  "统一社会信用代码校验位不正确，请核对营业执照。",
  "密码至少需要 10 个字符。",
  "两次输入的密码不一致。",
];

async function storedOrgs() {
  return e2eQuery(`SELECT id FROM "Organisation" WHERE name = $1 OR "creditCode" = $2`, [company.name, company.creditCode]);
}

describe("company registration", () => {
  test("bad input is refused in words, in the browser and by the server, and nothing is stored", async () => {
    const page = await b.page();
    await page.goto(url("/register"));
    await expect.poll(() => page.getByRole("heading", { name: "企业注册", level: 1 }).isVisible()).toBe(true);

    await fillForm(page, { creditCode: badCode, password: "abc12", confirm: "abc123" });
    await page.getByRole("button", { name: "提交注册" }).click();
    await expect.poll(() => fieldErrors(page)).toEqual(expect.arrayContaining(EXPECTED_ERRORS));
    // Each message sits with its field, and the field is marked invalid for assistive technology.
    for (const f of ["统一社会信用代码", "密码", "确认密码"]) {
      expect(await label(page, f).getAttribute("aria-invalid")).toBe("true");
    }
    expect(new URL(page.url()).pathname).toBe("/register");
    await copyShot(b, page, "register-errors");
    expect(await storedOrgs()).toEqual([]);

    // Without JavaScript the form posts as is: the server's answer carries the same messages.
    const ctx = await b.browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
    try {
      const bare = await ctx.newPage();
      await bare.goto(url("/register"));
      await fillForm(bare, { creditCode: badCode, password: "abc12", confirm: "abc123" });
      await bare.getByRole("button", { name: "提交注册" }).click();
      await bare.waitForLoadState("load");
      await expect.poll(() => fieldErrors(bare)).toEqual(expect.arrayContaining(EXPECTED_ERRORS));
      // Passwords are never sent back into the page.
      expect(await label(bare, "密码").inputValue()).toBe("");
    } finally {
      await ctx.close();
    }
    expect(await storedOrgs()).toEqual([]);
  });

  test("valid input is confirmed from the e-mail, signs the bidder in, and the certificate PDF can be downloaded", async () => {
    const page = await b.page();
    await page.goto(url("/register"));
    await fillForm(page, { creditCode: company.creditCode, password: company.password, confirm: company.password });
    await page.getByRole("button", { name: "提交注册" }).click();

    // The answer says to confirm from the e-mail — nothing about the company yet, and nobody is signed in.
    await expect.poll(() => page.getByRole("heading", { name: "申请已提交" }).isVisible()).toBe(true);
    const submitted = await page.locator("main").innerText();
    expect(submitted).toContain(`我们已向 ${company.username}@example.cn 发送一封邮件`);
    expect(await page.locator(".user-menu").count()).toBe(0);
    expect(await storedOrgs()).toEqual([]);
    await copyShot(b, page, "register-submitted");
    await confirmRegistrationFromMail(page, `${company.username}@example.cn`);
    const main = page.locator("main");
    await expect.poll(() => main.innerText()).toContain(`${company.name} 已完成注册，您已登录。`);
    expect(await main.innerText()).toContain(company.creditCode);
    // Signed in: the header shows the new user and the bidder's workspace link.
    await expect.poll(() => page.locator(".user-menu__name").innerText()).toBe("测试员");
    expect(await page.getByRole("navigation", { name: "主导航" }).getByRole("link").allInnerTexts()).toContain("我的投标");
    await copyShot(b, page, "register-done");

    const [org] = await e2eQuery<{ id: string }>(`SELECT id FROM "Organisation" WHERE "creditCode" = $1`, [company.creditCode]);
    expect(org).toBeDefined();

    // The worker renders the certificate after the commit (outbox → BullMQ → pdfkit); the bidder finds
    // it on the home page (pending until then; the page is reloaded as a person would).
    await page.goto(url("/"));
    const link = page.getByRole("link", { name: /^下载 PDF（ZC-/ });
    await expect
      .poll(
        async () => {
          if (await link.isVisible()) return true;
          expect(await page.locator(".callout").innerText()).toContain("正在生成");
          await page.reload();
          return link.isVisible();
        },
        { timeout: 45_000, interval: 500 },
      )
      .toBe(true);
    await copyShot(b, page, "bidder-home-certificate");
    const download = page.waitForEvent("download");
    await link.click();
    const file = await (await download).path();
    const body = readFileSync(file);
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(body.length).toBeGreaterThan(5_000);

    // It is the document of this company, stored with its digest.
    const [doc] = await e2eQuery<{ id: string; sha256: string; size: number }>(
      `SELECT id, sha256, size FROM "Document" WHERE kind = 'registration-certificate' AND "entityId" = $1`,
      [org!.id],
    );
    expect(doc!.size).toBe(body.length);
    expect(createHash("sha256").update(body).digest("hex")).toBe(doc!.sha256);
    const docId = doc!.id;

    // Someone who is not signed in cannot fetch it.
    const anon = await b.page();
    const denied = await anon.request.get(url(`/documents/${docId}`), { maxRedirects: 0 });
    expect(denied.status()).not.toBe(200);
  });

  test("applying again with the same details gets the same answer and creates nothing", async () => {
    const ctx = await b.browser.newContext({ locale: "zh-CN" });
    try {
      const page = await ctx.newPage();
      await page.goto(url("/register"));
      await fillForm(page, { creditCode: company.creditCode, password: company.password, confirm: company.password });
      await page.getByRole("button", { name: "提交注册" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "申请已提交" }).isVisible()).toBe(true);
      expect(await page.locator("main").innerText()).toContain(`我们已向 ${company.username}@example.cn 发送一封邮件`);
      expect(await page.locator(".form-error").count()).toBe(0);
    } finally {
      await ctx.close();
    }
    expect(await storedOrgs()).toHaveLength(1);
    // The holder is told in-app that someone tried.
    const told = await e2eQuery(
      `SELECT 1 FROM "Notification" n JOIN "User" u ON u.id = n."userId" WHERE u.username = $1 AND n.template = 'accounts:notify.registrationAttempt'`,
      [company.username],
    );
    expect(told).toHaveLength(1);
  });
});

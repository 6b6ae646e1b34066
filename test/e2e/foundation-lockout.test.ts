/**
 * Foundation, issue 2: repeated wrong passwords lock an account (LOGIN_MAX_FAILURES = 5 by default); the
 * sign-in page says so in words — the same words whether or not the account exists, so nobody can probe
 * for usernames — and even the right password is refused while locked. The security administrator
 * (secadmin, with TOTP) finds the account at /admin/security and unlocks it; then the owner gets in.
 * The locked account is a company registered by this test, never a shared demo account.
 */
import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { makeCreditCode } from "../../prisma/seed/credit-code";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { confirmRegistrationFromMail } from "./support/register";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn, submitPassword } from "./support/sign-in";

const b = useBrowser();

const n = String(randomInt(0, 10_000_000)).padStart(7, "0");
const owner = { username: `e2e-lock-${n}`, password: "Maple-Orchard#2026", company: `示范锁定测试有限公司${n}` };
const LOCK_MESSAGE = "用户名或密码错误，或账号已被锁定。连续输错 5 次后账号将锁定 15 分钟。";

const label = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}(\\s*\\*)?$`));

async function registerOwner(page: Page) {
  await page.goto(url("/register"));
  await label(page, "单位名称").fill(owner.company);
  await label(page, "统一社会信用代码").fill(makeCreditCode("91", "320500", `9${n}`));
  await label(page, "行政区划代码").fill("320500");
  await label(page, "联系人").fill("锁定测试");
  await label(page, "联系电话").fill("0512-68005678");
  await label(page, "用户名").fill(owner.username);
  await label(page, "姓名").fill("锁定测试");
  await label(page, "电子邮箱").fill(`${owner.username}@example.cn`);
  await label(page, "密码").fill(owner.password);
  await label(page, "确认密码").fill(owner.password);
  await page.getByRole("button", { name: "提交注册" }).click();
  await expect.poll(() => page.getByRole("heading", { name: "申请已提交" }).isVisible()).toBe(true);
  await confirmRegistrationFromMail(page, `${owner.username}@example.cn`);
}

async function lockedUntil(): Promise<Date | null> {
  const [u] = await e2eQuery<{ lockedUntil: Date | null }>(`SELECT "lockedUntil" FROM "User" WHERE username = $1`, [owner.username]);
  return u?.lockedUntil ?? null;
}

describe("account lockout and unlock", () => {
  test("5 wrong passwords lock the account; secadmin unlocks it at /admin/security; the owner signs in", async () => {
    await registerOwner(await b.page());

    // Five wrong passwords, each refused with the same localized message.
    const page = await b.page();
    await page.goto(url("/login"));
    for (let i = 1; i <= 5; i++) {
      await submitPassword(page, owner.username, `Wrong-Guess#${i}x`);
      await expect.poll(() => page.getByRole("alert").innerText()).toContain(LOCK_MESSAGE);
      // The response re-renders the page; wait until the form is usable again before the next try.
      await expect.poll(() => page.locator("form#login button[type=submit]").isEnabled()).toBe(true);
    }
    const until = await lockedUntil();
    expect(until).not.toBeNull();
    expect(until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // Locked: even the right password is refused, with the same message.
    await submitPassword(page, owner.username, owner.password);
    await expect.poll(() => page.getByRole("alert").innerText()).toContain(LOCK_MESSAGE);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator(".user-menu").count()).toBe(0);
    await copyShot(b, page, "login-locked");

    // The security administrator unlocks it.
    const admin = await b.page();
    await signIn(admin, "secadmin", DEMO_PASSWORDS.SECURITY_ADMIN, { totp: true });
    await admin.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "账户解锁/角色" }).click();
    await admin.waitForURL((u) => u.pathname === "/admin/security");
    await expect.poll(() => admin.getByRole("heading", { name: "账户解锁与角色" }).isVisible()).toBe(true);
    await admin.getByLabel("只看已锁定").check();
    await admin.getByRole("button", { name: "搜索", exact: true }).click();
    await admin.waitForURL((u) => u.searchParams.get("locked") === "1");
    const row = admin.getByRole("row").filter({ hasText: owner.username });
    await expect.poll(() => row.innerText()).toContain("已锁定");
    await copyShot(b, admin, "admin-security-locked");
    await row.getByRole("button", { name: "解锁" }).click();
    await expect.poll(() => admin.getByRole("status").filter({ hasText: "账号已解锁。" }).isVisible()).toBe(true);
    expect(await lockedUntil()).toBeNull();
    // The locked-only list no longer holds it.
    await expect.poll(() => admin.getByRole("row").filter({ hasText: owner.username }).count()).toBe(0);
    await copyShot(b, admin, "admin-security-unlocked");

    // The owner signs in with the right password.
    await signIn(page, owner.username, owner.password);
    await expect.poll(() => page.locator(".user-menu__name").innerText()).toBe("锁定测试");
  });
});

/**
 * Foundation, issue 2 "Done when": staff signs in with a password and a TOTP code (a wrong code is refused
 * in words), sees the server clock and the staff navigation, switches the whole UI to English and back,
 * and signs out. Every step is checked on what the page shows.
 */
import { describe, expect, test } from "vitest";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { submitPassword, totpCodeFor } from "./support/sign-in";
import { copyShot } from "./support/shots";

const b = useBrowser();

describe("staff login with TOTP, language switch, logout", () => {
  test("staff1: password → wrong TOTP refused → right TOTP → home (zh, en, zh) → logout", async () => {
    const page = await b.page();
    await page.goto(url("/login"));
    await expect.poll(() => page.getByRole("heading", { name: "登录", exact: true }).isVisible()).toBe(true);
    await copyShot(b, page, "login");

    // Password step: a staff account is sent on to the second factor, not signed in yet.
    await submitPassword(page, "staff1", DEMO_PASSWORDS.STAFF);
    await page.waitForURL((u) => u.pathname === "/login/totp");
    const totpHeading = page.getByRole("heading", { name: "两步验证" });
    await expect.poll(() => totpHeading.isVisible()).toBe(true);
    await expect.poll(() => page.locator("main").innerText()).toContain("张晓明");
    await copyShot(b, page, "totp");

    // A wrong code: refused with a localized message, still on the TOTP step.
    const code = await totpCodeFor("staff1");
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    await page.getByLabel("6 位动态验证码").fill(wrong);
    await page.getByRole("button", { name: "验证并登录" }).click();
    await expect.poll(() => page.locator(".form-error, [role=alert]").allInnerTexts()).toContain(
      "验证码不正确或已使用过，请输入应用中当前显示的验证码。",
    );
    expect(new URL(page.url()).pathname).toBe("/login/totp");
    await copyShot(b, page, "totp-wrong");

    // The right code lets them in.
    await page.getByLabel("6 位动态验证码").fill(await totpCodeFor("staff1"));
    await page.getByRole("button", { name: "验证并登录" }).click();
    // Staff land on their own workspace (issue 16 item 7), then look at the home page.
    await page.waitForURL((u) => u.pathname === "/staff");
    await page.goto(url("/"));
    await expect.poll(() => page.getByRole("heading", { name: "您好，张晓明" }).isVisible()).toBe(true);

    // Header: server clock (labelled, ticking) and the staff navigation.
    await expect.poll(() => page.locator(".server-clock").innerText()).toContain("服务器时间");
    const clock = page.getByRole("timer");
    const first = await clock.innerText();
    await expect.poll(() => clock.innerText(), { timeout: 5_000 }).not.toBe(first);
    const nav = page.getByRole("navigation", { name: "主导航" });
    // Staff navigation: the public links plus the staff workspace (other links may join as areas grow).
    await expect.poll(() => nav.getByRole("link").allInnerTexts()).toEqual(expect.arrayContaining(["首页", "交易公告", "项目管理"]));
    await expect.poll(() => page.locator(".user-menu__name").innerText()).toBe("张晓明");
    await copyShot(b, page, "staff-home-zh");

    // English: navigation, headings, clock label and the welcome text all switch.
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    const navEn = page.getByRole("navigation", { name: "Main navigation" });
    await expect.poll(() => navEn.getByRole("link").allInnerTexts()).toEqual(expect.arrayContaining(["Home", "Announcements", "Projects"]));
    // Every navigation label is translated (no Chinese left).
    for (const l of await navEn.getByRole("link").allInnerTexts()) expect(l).not.toMatch(/[\u4e00-\u9fff]/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Public tenders, entirely online");
    await expect.poll(() => page.getByRole("heading", { name: "Welcome, 张晓明" }).isVisible()).toBe(true);
    const main = await page.locator("main").innerText();
    expect(main).toContain("You are signed in as");
    // No Chinese left in the page's own headings once English is chosen.
    for (const h of await page.locator("main h1, main h2, main h3").allInnerTexts()) expect(h.replace("张晓明", "")).not.toMatch(/[\u4e00-\u9fff]/);
    expect(new URL(page.url()).pathname).toBe("/");
    await copyShot(b, page, "staff-home-en");

    // And back to Chinese.
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect.poll(() => nav.getByRole("link").allInnerTexts()).toEqual(expect.arrayContaining(["首页", "交易公告", "项目管理"]));

    // Logout from the user menu: back to a signed-out header.
    await page.locator(".user-menu summary").click();
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect.poll(() => page.getByRole("link", { name: "登录", exact: true }).isVisible()).toBe(true);
    expect(await page.locator(".user-menu").count()).toBe(0);
    // The old session is gone: a staff page now asks to sign in.
    await page.goto(url("/account/security"));
    await page.waitForURL((u) => u.pathname === "/login");
  });
});

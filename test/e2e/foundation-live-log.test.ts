/**
 * Foundation, issue 2 "Done when": the supervisor sees the audit log live. supervisor1 signs in (TOTP) and
 * opens /supervision/log; in a second browser a bidder signs in and someone fails to — both entries
 * appear on the supervisor's page within seconds, without a reload. The action filter narrows the list
 * and the live stream alike, and an expanded entry shows where it came from (IP, browser) and its
 * digests in the hash chain.
 */
import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { signIn, submitPassword } from "./support/sign-in";

const b = useBrowser();

const LIVE = { timeout: 15_000, interval: 200 };
const rows = (page: Page) => page.locator("tr.audit-row");
/** Rows whose text matches every pattern (actor, action, …). */
const matching = (page: Page, ...patterns: RegExp[]) =>
  rows(page)
    .allInnerTexts()
    .then((all) => all.filter((t) => patterns.every((p) => p.test(t))).length);

async function openLiveLog(page: Page, query = "") {
  await page.goto(url(`/supervision/log${query}`));
  await expect.poll(() => page.getByRole("heading", { name: "实时审计日志" }).isVisible()).toBe(true);
  await expect.poll(() => page.getByRole("status").filter({ hasText: "实时更新中" }).isVisible(), LIVE).toBe(true);
  // Marks this document: if the page reloaded, the mark would be gone.
  await page.evaluate(() => ((window as unknown as { __e2eMark: number }).__e2eMark = 1));
}

const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __e2eMark?: number }).__e2eMark === 1);

describe("supervisor's live audit log", () => {
  test("entries from another browser appear live; filter by action; expanded entry shows IP, browser and digests", async () => {
    const sup = await b.page();
    await signIn(sup, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true });
    await openLiveLog(sup);
    const loginsBefore = await matching(sup, /刘洋/, /\bsession\.login\b(?!_)/);

    // Second browser: bidder1 signs in (no second factor for bidders).
    const bidder = await b.page();
    await signIn(bidder, "bidder1", DEMO_PASSWORDS.BIDDER);
    await expect.poll(() => matching(sup, /刘洋/, /\bsession\.login\b(?!_)/, /投标人/), LIVE).toBe(loginsBefore + 1);
    expect(await sup.locator("tr.audit-row--fresh").count()).toBeGreaterThan(0);

    // …and a failed sign-in with an unknown username: recorded and shown all the same.
    const ghost = `ghost-${randomInt(1e6, 1e7)}`;
    const failing = await b.page();
    await failing.goto(url("/login"));
    await submitPassword(failing, ghost, "Wrong-Password#1");
    await expect.poll(() => failing.getByRole("alert").innerText()).toContain("用户名或密码错误");
    await expect.poll(() => matching(sup, /session\.login_failed/), LIVE).toBeGreaterThan(0);
    expect(await notReloaded(sup)).toBe(true);
    await copyShot(b, sup, "supervisor-live-log", { viewport: true });

    // Filter by action (a prefix): only failed sign-ins are listed…
    await sup.getByLabel("操作（前缀）").fill("session.login_failed");
    await sup.getByRole("button", { name: "筛选", exact: true }).click();
    await sup.waitForURL((u) => u.searchParams.get("action") === "session.login_failed");
    await expect.poll(() => sup.getByRole("status").filter({ hasText: "实时更新中" }).isVisible(), LIVE).toBe(true);
    // The URL changes before the filtered rows render: wait for the table to show the filtered list.
    await expect
      .poll(async () => {
        const texts = await rows(sup).allInnerTexts();
        return texts.length > 0 && texts.every((t) => t.includes("session.login_failed"));
      }, LIVE)
      .toBe(true);
    const listed = await rows(sup).allInnerTexts();
    expect(listed.length).toBeGreaterThan(0);
    for (const t of listed) expect(t).toContain("session.login_failed");
    await sup.evaluate(() => ((window as unknown as { __e2eMark: number }).__e2eMark = 1));

    // …and the live stream honours the filter: a successful sign-in does not show, a failed one does.
    const before = listed.length;
    await signIn(await b.page(), "bidder3", DEMO_PASSWORDS.BIDDER);
    const ghost2 = `ghost-${randomInt(1e6, 1e7)}`;
    await failing.goto(url("/login"));
    await submitPassword(failing, ghost2, "Wrong-Password#2");
    await expect.poll(() => rows(sup).count(), LIVE).toBe(before + 1);
    for (const t of await rows(sup).allInnerTexts()) expect(t).toContain("session.login_failed");
    expect(await notReloaded(sup)).toBe(true);

    // Expanding the newest entry shows the recorded facts.
    const first = rows(sup).first();
    await first.getByRole("button", { name: "详情" }).click();
    const detail = sup.locator("tr.audit-detail").first();
    await expect.poll(() => detail.isVisible()).toBe(true);
    const facts = await detail.innerText();
    expect(facts).toContain(ghost2);
    expect(facts).toMatch(/IP 地址\s+(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
    expect(facts).toMatch(/浏览器标识\s+Mozilla\/5\.0 .*Chrome\//);
    expect(facts).toMatch(/本条哈希\s+[0-9a-f]{64}/);
    expect(facts).toMatch(/前一条哈希\s+[0-9a-f]{64}/);
    expect(facts).toContain("变更前摘要");
    expect(facts).toContain("变更后摘要");
    expect(await first.getByRole("button", { name: "收起" }).getAttribute("aria-expanded")).toBe("true");
    await copyShot(b, sup, "supervisor-live-log-filtered");
  });
});

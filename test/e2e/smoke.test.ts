/**
 * Smoke: the production build serves, answers /healthz (alive) and /readyz (PostgreSQL and Redis checked), and the home
 * page renders in Chinese (the default) with the server clock ticking in the header.
 */
import { describe, expect, test } from "vitest";
import { url, useBrowser } from "./support/browser";

const b = useBrowser();

describe("smoke", () => {
  test("/healthz says the process is alive; /readyz reports PostgreSQL and Redis ok", async () => {
    const live = await fetch(url("/healthz"));
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "ok" });
    const res = await fetch(url("/readyz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok", redis: "ok" });
  });

  test("long Chinese pages are streamed without NUL bytes (React 18.3 chunk padding)", async () => {
    // Browsers hide a stray 0x00; crawlers, screen readers and HTML parsers do not.
    for (const path of ["/announcements", "/tenders", "/"]) {
      const res = await fetch(url(path), { headers: { "accept-language": "zh-CN" } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(4_096);
      expect(bytes.indexOf(0), `NUL byte in ${path}`).toBe(-1);
    }
  });

  test("home page renders in Chinese with the server clock", async () => {
    const page = await b.page();
    const res = await page.goto(url("/"));
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("zh-CN");
    const h1 = await page.locator("h1").first().innerText();
    expect(h1).toMatch(/[\u4e00-\u9fff]/);

    const clock = page.getByRole("timer");
    await expect.poll(() => clock.count()).toBe(1);
    const at = Date.parse((await clock.getAttribute("datetime")) ?? "");
    // Same machine, so the server's time and ours agree within a few seconds.
    expect(Math.abs(at - Date.now())).toBeLessThan(5_000);
    await expect.poll(() => page.locator(".server-clock").innerText()).toContain("服务器时间");
    // It ticks (hydrated, offset-corrected) rather than showing a frozen render time.
    const first = await clock.innerText();
    await expect.poll(() => clock.innerText(), { timeout: 5_000 }).not.toBe(first);
    await b.screenshot(page, "smoke-home-zh");
  });
});

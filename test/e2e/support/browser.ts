/**
 * Browser helpers for e2e tests: Debian's Chromium driven by playwright-core (never a downloaded browser).
 *
 *   const b = useBrowser();                 // at the top of a test file
 *   test("…", async () => {
 *     const page = await b.page();           // fresh context (cookies, storage) for this test
 *     await page.goto(url("/"));
 *     await b.screenshot(page, "home");      // screenshots/home.png, to look at
 *   });
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { authenticator } from "otplib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT_DIR = path.resolve("screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Absolute URL on the e2e server (started by e2e-setup.ts). */
export function url(pathname = "/"): string {
  return new URL(pathname, inject("baseUrl")).toString();
}

/** The current TOTP code of a secret (demo accounts: DEMO_TOTP_SECRET). */
export function totpNow(secret: string): string {
  return authenticator.generate(secret);
}

/**
 * The server refuses a TOTP code twice (replay protection), so a test that logs the same account in
 * again waits for the next 30-second step before asking for a code.
 */
export async function totpFresh(secret: string, after?: string): Promise<string> {
  for (;;) {
    const code = authenticator.generate(secret);
    if (code !== after) return code;
    await new Promise((r) => setTimeout(r, authenticator.timeRemaining() * 1000 + 200));
  }
}

/**
 * Screenshots are for people to look at (run a file alone to get them); the whole suite (`npm test`) sets
 * E2E_SHOTS=0 and skips them: ~170 full-page captures at two widths cost a minute of the 20-minute budget.
 */
export const SHOTS = process.env.E2E_SHOTS !== "0";

export interface BrowserHandle {
  /** A new page in a new context; closed after the current test. Pass a locale to test language choice. */
  page(opts?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  /** Saves screenshots/<name>.png (full page) and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  readonly browser: Browser;
}

/** One browser per test file, one context per page() call, all closed by the hooks it registers. */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("useBrowser(): the browser starts in beforeAll");
      return browser;
    },
    async page(opts = {}) {
      const context = await this.browser.newContext({
        locale: opts.locale ?? "zh-CN",
        timezoneId: "Asia/Shanghai",
        viewport: opts.viewport ?? { width: 1280, height: 800 },
      });
      contexts.push(context);
      return context.newPage();
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
      if (!SHOTS) return file;
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/**
 * Issue 16 item 7: no rendered page shows an i18n key instead of words ("bids:errors.wrongPassphrase",
 * "alerts.AFTER_HOURS", "ok"-style codes that are keys). Each role signs in through /login and walks its
 * own pages: its workspace, every link of its navigation and the same-site links found there (one level
 * deep, a bounded number), in Chinese and in English. A page fails when its visible text contains
 *  - "<namespace>:<key.path>" for one of the app's namespaces, or
 *  - a dotted key path whose first segment is a top-level key of a locale file ("errors.notFound").
 * The data on the pages is whatever earlier test files and the seed left: more data, more checked.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { signIn } from "./support/sign-in";

const b = useBrowser();
const LOCALES = path.resolve("app/locales");
const NAMESPACES = readdirSync(path.join(LOCALES, "zh-CN")).map((f) => f.replace(/\.json$/, ""));
const TOP_KEYS = new Set(
  NAMESPACES.flatMap((ns) => Object.keys(JSON.parse(readFileSync(path.join(LOCALES, "zh-CN", `${ns}.json`), "utf8")) as object)),
);
const NS_KEY = new RegExp(`(?<![\\w/.-]|run )(?:${NAMESPACES.map((n) => n.replace(/-/g, "\\-")).join("|")}):[A-Za-z_][\\w-]*(?:\\.[\\w-]+)*`, "g");
const DOTTED = /(?<![\w/@.:-])([a-z][A-Za-z0-9_]*)(?:\.[A-Za-z_][\w-]*)+(?![\w@/-])/g;

/** Keys showing in `text` (namespaced, or dotted under a known top-level key). */
export function rawKeysIn(text: string): string[] {
  const found = [...text.matchAll(NS_KEY)].map((m) => m[0]);
  for (const m of text.matchAll(DOTTED)) if (TOP_KEYS.has(m[1]!) && !/\.(pdf|csv|xlsx|json|png|zip|cn|com)$/i.test(m[0])) found.push(m[0]);
  return found;
}

const SKIP = /\/(logout|stream)(\/|$)|\.(pdf|csv|xlsx|json|atom)(\?|$)|\/documents\/|\/record$|\/api\/|download=|\/set-locale/;
const MAX_PAGES = 45;

/** Scripts, styles, fonts and images: the server-rendered text is what is checked, so they are not fetched. */
const ASSETS = /\.(js|mjs|css|woff2?|ttf|png|svg|ico|jpe?g|webp)(\?|$)/;

async function walk(page: Page, start: string[]): Promise<Record<string, string[]>> {
  // The walk reads server-rendered pages (the text users get before hydration, in the same words): loading
  // and hydrating every page's assets made this the slowest browser test (158 s for ~500 pages).
  await page.route(ASSETS, (r) => r.abort());
  try {
    return await walkPages(page, start);
  } finally {
    await page.unroute(ASSETS);
  }
}

async function walkPages(page: Page, start: string[]): Promise<Record<string, string[]>> {
  const seen = new Set<string>();
  const queue = [...start];
  const bad: Record<string, string[]> = {};
  let depth0 = queue.length;
  while (queue.length && seen.size < MAX_PAGES) {
    const next = queue.shift()!;
    depth0--;
    if (seen.has(next)) continue;
    seen.add(next);
    const res = await page.goto(url(next));
    if (!res || (res.headers()["content-type"] ?? "").indexOf("text/html") < 0) continue;
    // Code shown on purpose (the log's recorded action codes, command lines in <pre>) is not a missing translation.
    // (Removed from the page itself: innerText keeps the line breaks textContent would glue together.)
    const text = await page.evaluate(() => {
      document.querySelectorAll(".mono, code, pre, kbd, samp").forEach((n) => n.remove());
      return document.body.innerText;
    });
    const keys = rawKeysIn(text);
    if (keys.length) bad[next] = [...new Set(keys)];
    if (depth0 >= 0) {
      // One level below the start pages: the links a user would click next.
      const hrefs = await page.locator("main a[href^='/']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
      for (const h of hrefs) {
        const p = h.split("#")[0]!;
        if (p && !SKIP.test(p) && !seen.has(p) && queue.length < MAX_PAGES) queue.push(p);
      }
    }
  }
  return bad;
}

async function startPages(page: Page): Promise<string[]> {
  const nav = await page.getByRole("navigation").first().locator("a[href^='/']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
  return [new URL(page.url()).pathname, ...nav.filter((h) => !SKIP.test(h))];
}

const ROLES: { username: string; password: string; totp: boolean }[] = [
  { username: "bidder1", password: DEMO_PASSWORDS.BIDDER, totp: false },
  { username: "staff1", password: DEMO_PASSWORDS.STAFF, totp: true },
  { username: "supervisor1", password: DEMO_PASSWORDS.SUPERVISOR, totp: true },
  { username: "observer1", password: DEMO_PASSWORDS.SOCIAL_SUPERVISOR, totp: false },
  { username: "expert1", password: DEMO_PASSWORDS.EXPERT, totp: false },
];

describe("no untranslated i18n keys on rendered pages", () => {
  test("the detector finds keys and leaves ordinary text alone", () => {
    expect(rawKeysIn("最近自检 2026-12-06 — bids:errors.wrongPassphrase")).toEqual(["bids:errors.wrongPassphrase"]);
    expect(rawKeysIn("操作 errors.notFound 失败")).toEqual(["errors.notFound"]);
    expect(rawKeysIn("bidder1@demo.ggzy.example.cn · 投标文件.pdf · v1.2.3 · HZ-20261206-0001")).toEqual([]);
  });

  test("the public pages, in Chinese and English", { timeout: 120_000 }, async () => {
    for (const locale of ["zh-CN", "en"]) {
      const page = await b.page({ locale });
      await page.goto(url("/"));
      expect(await walk(page, await startPages(page))).toEqual({});
    }
  });

  for (const r of ROLES) {
    test(`${r.username}'s own pages, in Chinese and English`, { timeout: 240_000 }, async () => {
      const page = await b.page();
      await signIn(page, r.username, r.password, { totp: r.totp });
      const start = await startPages(page);
      expect(await walk(page, start)).toEqual({});
      // Back to the role's workspace: the walk may end on a page without the language switch (a file, a stream).
      await page.goto(url(start[0]!));
      await page.getByRole("button", { name: "English" }).click();
      await page.waitForFunction(() => document.documentElement.lang === "en");
      expect(await walk(page, start)).toEqual({});
    });
  }
});

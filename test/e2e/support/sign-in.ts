/**
 * Sign-in helpers for browser tests that go through the real login pages (password, then TOTP).
 *
 *   await signIn(page, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
 *
 * TOTP codes are single-use per account (the server stores the last accepted 30-second step). Other test
 * files may have signed the same demo account in moments ago, so `totpCodeFor` reads that step from the
 * e2e database and waits for a newer one instead of guessing from this file's own history.
 */
import { authenticator } from "otplib";
import pg from "pg";
import type { Page } from "playwright-core";
import { inject } from "vitest";
import { DEMO_TOTP_SECRET } from "../../../prisma/seed/demo-data";
import { url } from "./browser";

/** One query against the e2e database (what a page stored). */
export async function e2eQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

const STEP_MS = 30_000;

/** A code the server will accept for `username` now: newer than its last used step, not about to expire. */
export async function totpCodeFor(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const [row] = await e2eQuery<{ step: number | null }>(`SELECT "totpLastStep" AS step FROM "User" WHERE username = $1`, [username]);
  const last = row?.step ?? -1;
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    const left = STEP_MS - (now % STEP_MS);
    // Too close to the boundary: the code could be a step old by the time the server checks it.
    if (step > last && left > 2_000) return authenticator.generate(secret);
    await new Promise((r) => setTimeout(r, (step > last ? left : (last - step + 1) * STEP_MS - (now % STEP_MS)) + 150));
  }
}

/** Fills the password step of /login and submits it (does not wait for the outcome). */
export async function submitPassword(page: Page, username: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith("/login")) await page.goto(url("/login"));
  await page.getByLabel("用户名", { exact: true }).or(page.getByLabel("Username", { exact: true })).fill(username);
  await page.getByLabel("密码", { exact: true }).or(page.getByLabel("Password", { exact: true })).fill(password);
  await page.locator("form#login button[type=submit]").click();
}

/** Password, then (for roles that need it) the TOTP step; resolves once the user has left the login pages. */
export async function signIn(page: Page, username: string, password: string, opts: { totp?: boolean } = {}): Promise<void> {
  await page.goto(url("/login"));
  await submitPassword(page, username, password);
  if (opts.totp) {
    await page.waitForURL((u) => u.pathname === "/login/totp");
    await page.locator("input[name=code]").fill(await totpCodeFor(username));
    await page.locator("form#totp button[type=submit]").click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

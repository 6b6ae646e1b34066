/**
 * Shared steps of the opening-hall browser tests (opening-hall, opening-failed): a published lot, bids placed
 * the way bidders place them (key generated and bid sealed in the browser, or sealed offline with the CLIs
 * and submitted with an API token), the deadline brought near, and the hall the worker opens by itself.
 *
 * Set-up shortcuts (documented in each test's header): the published lot is inserted directly (publication
 * is covered by tenders-flow) and scheduled by the domain's own engine; registration, the CLI bidder's
 * public key and API token go through the domain functions the pages call.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import type { Db } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../../prisma/seed/demo-data";
import { insertPublishedLot } from "../../integration/tenders-fixtures";
import { url } from "./browser";
import { e2eQuery, signIn } from "./sign-in";

const run = promisify(execFile);
const ROOT = path.resolve(".");

export async function actorOf(db: Db, username: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { userId: u.id, role: u.role, orgId: u.orgId, ip: "127.0.0.1", userAgent: "e2e opening" };
}

/**
 * A published lot (documents and bidding open, deadline an hour ahead), its transitions scheduled by the
 * deadline engine, and the given bidders registered (获取招标文件) through the domain.
 */
export async function publishedLotWithBidders(db: Db, code: string, title: string, bidders: Actor[]) {
  const [staff1, staff2] = await Promise.all([actorOf(db, "staff1"), actorOf(db, "staff2")]);
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: buyer.id, authorId: staff1.userId!, reviewerId: staff2.userId! },
    { docsFrom: new Date(Date.now() - 86_400_000), docsTo: new Date(Date.now() + 3_000_000), deadline: new Date(Date.now() + 3_600_000) },
    code,
  );
  await db.project.update({ where: { id: lot.projectId }, data: { title } });
  await db.$transaction((tx) => scheduleLotTransitions(tx, lot.id));
  for (const a of bidders) await registerForLot(a, { lotId: lot.id });
  return lot;
}

/**
 * "The deadline comes": the lot's instants are moved so the bid deadline falls `ms` from now (the other
 * instants before it, as the lot's CHECK constraints require), then re-scheduled by the domain's engine —
 * the same shortcut tenders-flow takes. Nothing else: the worker closes bidding and opens the hall itself.
 */
export async function bringDeadline(db: Db, lotId: string, ms: number): Promise<Date> {
  return db.$transaction(async (tx) => {
    const [{ deadline }] = (await tx.$queryRaw<{ deadline: Date }[]>`
      UPDATE "Lot" SET "bidDeadline" = date_trunc('milliseconds', clock_timestamp()) + ${ms}::int * interval '1 millisecond',
        "docsAvailableTo" = clock_timestamp() - interval '1 minute',
        "clarificationCutoff" = clock_timestamp() - interval '1 minute', "objectionCutoff" = clock_timestamp() - interval '1 minute'
      WHERE id = ${lotId}::uuid RETURNING "bidDeadline" AS deadline`) as [{ deadline: Date }];
    await scheduleLotTransitions(tx, lotId);
    return deadline;
  });
}

/** Waits until the worker's deadline engine opened the hall (OpeningSession in SIGN_IN, lot OPENING). */
export async function waitForHallOpened(lotId: string, timeout = 30_000) {
  await expect
    .poll(
      async () => (await e2eQuery<{ state: string; status: string }>(
        `SELECT s.state, l.status FROM "OpeningSession" s JOIN "Lot" l ON l.id = s."lotId" WHERE s."lotId" = $1`,
        [lotId],
      ))[0] ?? null,
      { timeout, interval: 300 },
    )
    .toEqual({ state: "SIGN_IN", status: "OPENING" });
}

/** Bidder key generated on /bidder/keys (only the public half goes to the server); returns the saved key file. */
export async function generateKeyInBrowser(page: Page, dir: string, passphrase: string): Promise<string> {
  await page.goto(url("/bidder/keys"));
  await page.getByLabel("口令", { exact: true }).fill(passphrase);
  await page.getByLabel("再次输入口令").fill(passphrase);
  // Earlier test files leave the demo bidders with open bids under their current key: confirm the replacement
  // as a bidder would (the old key still opens those bids).
  const confirm = page.getByLabel("我已保管好旧密钥文件，确认更换");
  if (await confirm.isVisible()) await confirm.check();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "生成新密钥" }).click();
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${(await download).suggestedFilename()}`);
  await (await download).saveAs(file);
  await expect.poll(() => page.getByText("新密钥已登记").isVisible(), { timeout: 30_000 }).toBe(true);
  return file;
}

/** The bid form filled as a bidder fills it; sealed in the browser and uploaded; resolves on the receipt. */
export async function bidInBrowser(page: Page, lotId: string, priceYuan: string, durationDays: string, doc: { name: string; bytes: Buffer }) {
  await page.goto(url(`/bidder/lots/${lotId}/bid`));
  await page.getByLabel("投标总价（元）").fill(priceYuan);
  await page.getByLabel("工期（日历天）").fill(durationDays);
  await page.getByLabel("其他报价项名称").fill("质保期");
  await page.getByLabel("内容", { exact: true }).fill("5年");
  await page.getByLabel("投标文件（可多选）").setInputFiles({ name: doc.name, mimeType: "application/pdf", buffer: doc.bytes });
  await page.getByLabel("付款账号（基本账户）").fill("6222021001012345678");
  await page.getByLabel("银行流水号").fill(`TX${Date.now()}`);
  await page.getByLabel("开户行 / 出具银行").fill("中国工商银行示范市分行");
  await page.getByRole("button", { name: "加密并上传" }).click();
  await page.waitForURL(/\/receipts\//, { timeout: 60_000 });
  return page.getByTestId("receipt-number").innerText();
}

/** A browser bidder: signs in, generates its key, seals and uploads its bid. Returns its key file. */
export async function browserBidder(page: Page, o: { username: string; lotId: string; dir: string; passphrase: string; priceYuan: string }) {
  await signIn(page, o.username, DEMO_PASSWORDS.BIDDER);
  const keyFile = await generateKeyInBrowser(page, o.dir, o.passphrase);
  const receipt = await bidInBrowser(page, o.lotId, o.priceYuan, "365", { name: "投标文件.pdf", bytes: Buffer.from(`%PDF-1.4\n% ${o.username} bid\n%%EOF\n`) });
  expect(receipt).toMatch(/^HZ-\d{8}-\d{4}$/);
  return keyFile;
}

/**
 * An offline bidder: `bid-keygen`, the public key registered (domain, as /bidder/keys does), an API token
 * (domain, as /bidder/tokens does), `bid-seal` and `bid-submit` — the CLIs, as separate processes.
 */
export async function cliBidder(actor: Actor, o: { lotId: string; dir: string; passphrase: string; priceFen: string }) {
  const env = { ...process.env, LANG: "zh_CN.UTF-8", BID_PASS: o.passphrase };
  const cli = async (script: string, args: string[]) => (await run("npx", ["tsx", `scripts/${script}`, ...args], { cwd: ROOT, env, encoding: "utf8" })).stdout;
  const keyFile = path.join(o.dir, `cli-${actor.orgId}.key.json`);
  await cli("bid-keygen.ts", ["--out", keyFile, "--passphrase-env", "BID_PASS"]);
  const key = JSON.parse(readFileSync(keyFile, "utf8")) as { publicKey: string; fingerprint: string };
  await registerBidderKey(actor, { publicKeySpki: key.publicKey, fingerprint: key.fingerprint, confirmReplace: true });
  const { token } = await createApiToken(actor, { name: "开标测试投标工具", days: 1 });
  const doc = path.join(o.dir, `cli-${actor.orgId}-商务标.pdf`);
  writeFileSync(doc, `%PDF-1.4\n% offline bid of ${actor.orgId}\n%%EOF\n`);
  const sealedFile = path.join(o.dir, `cli-${actor.orgId}.sealed`);
  const sealed = JSON.parse(
    await cli("bid-seal.ts", ["--key-file", keyFile, "--passphrase-env", "BID_PASS", "--lot", o.lotId, "--price-fen", o.priceFen, "--duration-days", "300", "--field", "质保期=3年", "--json", "--out", sealedFile, doc]),
  ) as { plaintextSha256: string; selfTest: boolean };
  expect(sealed.selfTest).toBe(true);
  const out = await cli("bid-submit.ts", [
    "--url", url("/"), "--token", token, "--lot", o.lotId, "--plaintext-sha256", sealed.plaintextSha256,
    "--bond-method", "ACCOUNT_TRANSFER", "--bond-amount-fen", "100000", "--payer-account", "6217000010002000300",
    "--bank-reference", `CCB${Date.now()}`, sealedFile,
  ]);
  expect(out).toMatch(/receipt:\s+HZ-\d{8}-\d{4}/);
  return keyFile;
}

/** expect.poll with a timeout fit for a loaded machine (vitest's default is 1 s). */
export function poll<T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: 15_000, interval: 200, ...opts });
}

/** The hall's current step as the page renders it (data-state on the hall container). */
export function hallState(page: Page) {
  return page.getByTestId("hall").getAttribute("data-state");
}

/**
 * Issue 4 "Done when", in the browser and on the command line:
 *  - bidder1 generates its bid key on /bidder/keys (the key file is downloaded), seals a few-MB bid in the
 *    browser and uploads it with a visible progress bar; the connection drops mid-upload (the browser goes
 *    offline while the second 4 MiB PATCH is on its way) and the upload resumes from the server's offset;
 *    the receipt shows number, hashes and server time, and its PDF (rendered by the worker) downloads;
 *  - a second submission replaces the first (REPLACED), the decryption self-test passes with the key file and
 *    fails in words with a wrong passphrase, and the bid is withdrawn;
 *  - bidder2 (another company) works offline: `bid-keygen`, `bid-seal` and `bid-submit` (the CLIs, with a
 *    personal API token) — its bid is ACTIVE;
 *  - the deadline is moved to now + 3 s; a finalise one second after it is refused with the localized message.
 *
 * Set-up through the database (documented shortcut): the published lot is inserted directly (the same fixture
 * as the integration tests — publication itself is covered by tenders-flow), both bidders are registered for
 * it, and bidder2's public key and API token are created by the domain functions the pages call.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { readAllBytes, sealBid, fromBase64 } from "~/domain/crypto";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { insertPublishedLot } from "../integration/tenders-fixtures";
import { url, useBrowser } from "./support/browser";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 2);
setDb(db); // domain functions (registerBidderKey, createApiToken) write to the e2e database
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

const ROOT = path.resolve(".");
// Key files, generated documents and envelopes of this run (removed afterwards).
const work = mkdtempSync(path.join(tmpdir(), "bids-flow-"));
const PASSPHRASE = "示范建工 bid key 2026";
const sha256 = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

let lotId = "";
let bidder2: Actor;

async function actorOf(username: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { userId: u.id, role: u.role, orgId: u.orgId, ip: "127.0.0.1", userAgent: "e2e bids-flow" };
}

beforeAll(async () => {
  const [staff1, staff2, bidder1] = await Promise.all(["staff1", "staff2", "bidder1"].map(actorOf));
  bidder2 = await actorOf("bidder2");
  const buyer = await db.organisation.findFirstOrThrow({ where: { kind: "BUYER" } });
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: buyer.id, authorId: staff1!.userId!, reviewerId: staff2!.userId! },
    { docsTo: new Date(Date.now() + 3_600_000), deadline: new Date(Date.now() + 7_200_000) },
    `E2E-BID-${Date.now().toString(36).toUpperCase()}`,
  );
  lotId = lot.id;
  for (const a of [bidder1!, bidder2]) {
    await db.lotRegistration.create({ data: { lotId, bidderOrgId: a.orgId!, userId: a.userId! } });
  }
});

/** Fills the bid form (price sheet, one generated file, bond) and starts sealing + uploading. */
async function fillAndSubmit(page: Page, file: { name: string; bytes: Buffer }, priceYuan: string) {
  await page.goto(url(`/bidder/lots/${lotId}/bid`));
  await page.getByLabel("投标总价（元）").fill(priceYuan);
  await page.getByLabel("工期（日历天）").fill("365");
  await page.getByLabel("其他报价项名称").fill("质保期");
  await page.getByLabel("内容", { exact: true }).fill("5年");
  await page.getByLabel("投标文件（可多选）").setInputFiles({ name: file.name, mimeType: "application/pdf", buffer: file.bytes });
  await page.getByLabel("付款账号（基本账户）").fill("6222021001012345678");
  await page.getByLabel("银行流水号").fill("TX20261123000123");
  await page.getByLabel("开户行 / 出具银行").fill("中国工商银行示范市分行");
  await page.getByRole("button", { name: "加密并上传" }).click();
}

/** Deterministic pseudo-random bytes (incompressible, like a real PDF set). */
function fakeFile(mb: number, seed: string): Buffer {
  const out = Buffer.alloc(mb * 1024 * 1024);
  let block = createHash("sha256").update(seed).digest();
  for (let i = 0; i < out.length; i += 32) {
    block = createHash("sha256").update(block).digest();
    block.copy(out, i);
  }
  return out;
}

describe("sealed bids", () => {
  test("bidder1: key, sealed upload interrupted and resumed, receipt + PDF, replace, self-test, withdraw", async () => {
    const page = await b.page();
    await signIn(page, "bidder1", DEMO_PASSWORDS.BIDDER);

    // 1. The key, generated in this browser; only the public half reaches the server.
    await page.goto(url("/bidder/keys"));
    await page.getByLabel("口令", { exact: true }).fill(PASSPHRASE);
    await page.getByLabel("再次输入口令").fill(PASSPHRASE);
    const keyDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "生成新密钥" }).click();
    const keyFile = path.join(work, (await keyDownload).suggestedFilename());
    await (await keyDownload).saveAs(keyFile);
    await expect.poll(() => page.getByText("新密钥已登记").isVisible(), { timeout: 30_000 }).toBe(true);
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as { format: string; fingerprint: string; encryptedPrivateKey: string; kdf: { iterations: number } };
    expect(key.format).toBe("ggzy-bidkey");
    expect(key.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    const [stored] = await e2eQuery<{ fingerprint: string }>(`SELECT fingerprint FROM "BidderKey" WHERE "retiredAt" IS NULL AND "orgId" = (SELECT "orgId" FROM "User" WHERE username = 'bidder1')`);
    expect(stored!.fingerprint).toBe(key.fingerprint);
    await page.reload();
    await copyShot(b, page, "bids-keys", { viewport: true });

    // 2. Seal + upload 10 MB (3 tus PATCHes of 4 MiB). The second PATCH meets a dropped connection.
    let patches = 0;
    let heads = 0;
    let offlineShot: Promise<unknown> | null = null;
    await page.route(/\/api\/v1\/uploads\/[0-9a-f]+$/, async (route) => {
      const method = route.request().method();
      if (method === "HEAD") heads++;
      if (method === "PATCH" && ++patches === 2) {
        await page.context().setOffline(true);
        await route.abort("internetdisconnected");
        offlineShot = (async () => {
          await expect.poll(() => page.getByTestId("upload-progress").getAttribute("aria-valuenow")).not.toBe("0");
          await copyShot(b, page, "bids-upload-progress", { viewport: true });
          await new Promise((r) => setTimeout(r, 1500)); // tus retries while offline and fails
          await page.context().setOffline(false);
        })();
        return;
      }
      await route.continue();
    });
    await fillAndSubmit(page, { name: "技术标.pdf", bytes: fakeFile(10, "bid-1") }, "12345678.90");
    await expect.poll(() => page.getByTestId("upload-progress").isVisible(), { timeout: 60_000 }).toBe(true);
    await page.waitForURL(/\/receipts\//, { timeout: 90_000 });
    await offlineShot;
    await page.unroute(/\/api\/v1\/uploads\/[0-9a-f]+$/);
    expect(patches).toBeGreaterThanOrEqual(3); // 3 chunks + the one that failed
    expect(heads).toBeGreaterThanOrEqual(1); // resumed: asked the server for its offset

    // 3. The receipt: number, server time to the millisecond, hashes.
    const receiptNumber = await page.getByTestId("receipt-number").innerText();
    expect(receiptNumber).toMatch(/^HZ-\d{8}-\d{4}$/);
    const main = await page.locator("main").innerText();
    expect(main).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/);
    const [first] = await e2eQuery<{ id: string; ciphertextSha256: string; plaintextSha256: string; size: string }>(
      `SELECT b.id, b."ciphertextSha256", b."plaintextSha256", b.size::text FROM "Bid" b JOIN "BidReceipt" r ON r."bidId" = b.id WHERE r.number = $1`,
      [receiptNumber],
    );
    expect(main).toContain(first!.ciphertextSha256);
    expect(main).toContain(first!.plaintextSha256);
    expect(Number(first!.size)).toBeGreaterThan(10 * 1024 * 1024);
    await copyShot(b, page, "bids-receipt");

    // The PDF, rendered by the worker after the commit; the page is reloaded as a person would.
    const pdfLink = page.getByTestId("receipt-pdf");
    await expect.poll(async () => (await pdfLink.isVisible()) || (await page.reload(), pdfLink.isVisible()), { timeout: 45_000, interval: 700 }).toBe(true);
    const pdfDownload = page.waitForEvent("download");
    await pdfLink.click();
    const pdf = readFileSync((await (await pdfDownload).path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // 4. Replace: a second submission; the first is REPLACED, only the latest counts.
    await fillAndSubmit(page, { name: "技术标（修订）.pdf", bytes: fakeFile(2, "bid-2") }, "12000000");
    await page.waitForURL(/\/receipts\//, { timeout: 90_000 });
    await page.getByRole("link", { name: "投标详情" }).click();
    await page.waitForURL(/\/bidder\/bids\//);
    const secondBidUrl = page.url();
    await expect.poll(() => page.getByTestId("bid-status").innerText()).toBe("有效");
    await page.goto(url(`/bidder/bids/${first!.id}`));
    await expect.poll(() => page.getByTestId("bid-status").innerText()).toBe("已被替换");

    // 5. Self-test on the active bid: the key file + passphrase open it, in this browser only.
    await page.goto(secondBidUrl);
    const selfTest = async (passphrase: string) => {
      await page.getByLabel("密钥文件", { exact: true }).setInputFiles(keyFile);
      await page.locator("input[name=passphrase]").fill(passphrase);
      await page.getByRole("button", { name: "开始自检" }).click();
      await expect.poll(() => page.getByTestId("selftest-result").isVisible(), { timeout: 60_000 }).toBe(true);
      return page.getByTestId("selftest-result").innerText();
    };
    expect(await selfTest(PASSPHRASE)).toContain("自检通过");
    expect(await page.getByTestId("selftest-result").innerText()).toContain("12,000,000.00");
    await copyShot(b, page, "bids-selftest");
    expect(await selfTest("not the passphrase")).toContain("密钥文件口令不正确");
    await expect.poll(async () => (await e2eQuery(`SELECT 1 FROM "AuditEntry" WHERE action = 'bid.selftest'`)).length).toBeGreaterThanOrEqual(2);

    // 6. Withdraw (confirmed in the browser's dialog), with its own receipt.
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "撤回投标" }).click();
    await expect.poll(() => page.getByTestId("bid-status").innerText()).toBe("已撤回");
    const rows = await e2eQuery<{ status: string }>(`SELECT status FROM "Bid" WHERE "lotId" = $1 AND "bidderOrgId" = (SELECT "orgId" FROM "User" WHERE username = 'bidder1') ORDER BY "submittedAt"`, [lotId]);
    expect(rows.map((r) => r.status)).toEqual(["REPLACED", "WITHDRAWN"]);
  });

  test("bidder2 seals and submits offline with the CLIs and an API token; after the deadline finalising is refused", async () => {
    const env = { ...process.env, LANG: "zh_CN.UTF-8", BID_PASS: "华东路桥 offline key 2026" };
    const run = (script: string, args: string[]) => execFileSync("npx", ["tsx", `scripts/${script}`, ...args], { cwd: ROOT, env, encoding: "utf8" });
    const keyFile = path.join(work, "bidder2.key.json");
    run("bid-keygen.ts", ["--out", keyFile, "--passphrase-env", "BID_PASS"]);
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as { publicKey: string; fingerprint: string };
    await registerBidderKey(bidder2, { publicKeySpki: key.publicKey, fingerprint: key.fingerprint });
    const { token } = await createApiToken(bidder2, { name: "投标工具", days: 7 });

    const doc = path.join(work, "商务标.pdf");
    writeFileSync(doc, fakeFile(3, "bidder2"));
    const sealedFile = path.join(work, "bidder2.sealed");
    const sealed = JSON.parse(
      run("bid-seal.ts", ["--key-file", keyFile, "--passphrase-env", "BID_PASS", "--lot", lotId, "--price-fen", "1188000000", "--duration-days", "300", "--field", "质保期=3年", "--json", "--out", sealedFile, doc]),
    ) as { plaintextSha256: string; ciphertextSha256: string; selfTest: boolean };
    expect(sealed.selfTest).toBe(true);
    expect(sealed.ciphertextSha256).toBe(sha256(readFileSync(sealedFile)));
    const out = run("bid-submit.ts", [
      "--url", url("/"), "--token", token, "--lot", lotId, "--plaintext-sha256", sealed.plaintextSha256,
      "--bond-method", "ACCOUNT_TRANSFER", "--bond-amount-fen", "100000", "--payer-account", "6217000010002000300",
      "--bank-reference", "CCB20261123778", sealedFile,
    ]);
    expect(out).toMatch(/receipt:\s+HZ-\d{8}-\d{4}/);
    expect(out).toContain(sealed.ciphertextSha256);
    const [bid] = await e2eQuery<{ status: string; ciphertextSha256: string }>(
      `SELECT status, "ciphertextSha256" FROM "Bid" WHERE "lotId" = $1 AND "bidderOrgId" = $2`,
      [lotId, bidder2.orgId],
    );
    expect(bid).toEqual({ status: "ACTIVE", ciphertextSha256: sealed.ciphertextSha256 });

    // The deadline: an envelope uploaded in time, then the lot's deadline moved to now + 3 s (other
    // instants before it, as the lot's CHECK constraints require).
    const { stream, result } = sealBid({
      lotId,
      recipientPublicKey: fromBase64(key.publicKey),
      priceSheet: { totalPriceFen: 1_100_000_000n, durationDays: 300, fields: {} },
      files: [{ name: "late.txt", size: 4, stream: () => new Blob(["late"]).stream() }],
    });
    const envelope = await readAllBytes(stream);
    const late = await result;
    const auth = { Authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0" };
    const created = await fetch(url("/api/v1/uploads"), { method: "POST", headers: { ...auth, "Upload-Length": String(envelope.length) } });
    expect(created.status).toBe(201);
    const uploadId = created.headers.get("location")!.split("/").pop()!;
    const patched = await fetch(url(`/api/v1/uploads/${uploadId}`), {
      method: "PATCH",
      headers: { ...auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
      body: new Uint8Array(envelope),
    });
    expect(patched.status).toBe(204);

    const [{ deadline }] = (await db.$queryRaw<{ deadline: Date }[]>`
      UPDATE "Lot" SET "bidDeadline" = date_trunc('milliseconds', clock_timestamp()) + interval '3 seconds',
        "docsAvailableFrom" = clock_timestamp() - interval '2 days', "docsAvailableTo" = clock_timestamp() - interval '1 day',
        "clarificationCutoff" = clock_timestamp() - interval '1 day', "objectionCutoff" = clock_timestamp() - interval '1 day'
      WHERE id = ${lotId}::uuid RETURNING "bidDeadline" AS deadline`) as [{ deadline: Date }];
    await new Promise((r) => setTimeout(r, Math.max(0, deadline.getTime() + 1000 - Date.now())));
    const res = await fetch(url("/api/v1/bids"), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Accept-Language": "zh-CN" },
      body: JSON.stringify({
        lotId,
        uploadId,
        ciphertextSha256: late.ciphertextSha256,
        plaintextSha256: late.plaintextSha256,
        bond: { method: "ACCOUNT_TRANSFER", amountFen: "100000", payerAccount: "6217000010002000300", bankReference: "CCB20261123779" },
      }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bids:errors.deadlinePassed");
    expect(body.error.message).toMatch(/^投标截止时间（.+）已到，不再接受投标、修改或撤回。$/);
    // Still exactly one bid of bidder2, the one submitted in time.
    expect(await db.bid.count({ where: { lotId, bidderOrgId: bidder2.orgId! } })).toBe(1);
  });
});

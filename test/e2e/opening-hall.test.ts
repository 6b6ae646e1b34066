/**
 * Issue 6 "Done when", in the browser: a full remote bid opening (不见面开标) with 3 bidders in 3 browser
 * contexts, the host (staff1, TOTP) and a supervisor (supervisor1, TOTP):
 *  - bidder3 (A) and bidder5 (C) generate their keys and seal + upload their bids in the browser; bidder4 (B)
 *    works offline with the CLIs (bid-keygen, bid-seal, bid-submit with an API token);
 *  - the deadline passes and the worker opens the hall by itself; the bidders sign in (签到), the host starts;
 *  - A types a wrong passphrase (clear error, nothing sent), then the right one; B opens its CLI-sealed bid
 *    in the browser with its CLI key file; C never decrypts;
 *  - C raises an objection in the hall, the host answers it there;
 *  - the window ends by itself (job): the 唱标 table (prices and 大写) appears in all five pages at once;
 *  - the host records C's fault, starts the confirmation; A and B confirm, C disagrees; the hall closes,
 *    the worker renders the 开标记录表 PDF (pdftotext: 开标记录, prices, 大写, fault, objection, answer).
 *
 * Set-up shortcuts (see support/opening.ts): the published lot is inserted directly (publication is covered
 * by tenders-flow) and registration goes through the domain; once the three bids are in, the deadline is
 * brought to now + 4 s and re-scheduled by the engine (tenders-flow does the same). The tender's decryption
 * window cannot be under 5 minutes (Lot CHECK), so the open session's window is set to 1 minute before the
 * host starts — the only write to the hall made by the test.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { actorOf, bringDeadline, browserBidder, cliBidder, hallState, poll, publishedLotWithBidders, waitForHallOpened } from "./support/opening";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 3);
setDb(db); // registration, the CLI bidder's key and token: domain functions against the e2e database
const work = mkdtempSync(path.join(tmpdir(), "opening-hall-"));
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

const PASS_A = "江南市政 opening key 2026";
const PASS_B = "中诚建设 offline key 2026";
const PASS_C = "恒信水利 opening key 2026";
// A: ¥9,876,543.21 typed in the browser; B: 1 188 000 000 fen sealed by the CLI; C is never read out.
const A = { price: "9,876,543.21", words: "玖佰捌拾柒万陆仟伍佰肆拾叁元贰角壹分", name: "江南市政工程有限公司" };
const B = { price: "11,880,000.00", words: "壹仟壹佰捌拾捌万元整", name: "中诚建设集团股份有限公司" };
const C = { price: "10,500,000.00", words: "壹仟零伍拾万元整", name: "恒信水利水电工程有限公司" };
const OBJECTION = "本单位密钥文件在本机无法读取，请求延长解密时间。";
const ANSWER = "解密时间按招标文件规定执行，不予延长；未解密原因将如实记入开标记录。";
const FAULT_REASON = "投标人未在解密时间内解密（现场异议称密钥文件无法读取）";

const click = (page: Page, name: string) => page.getByRole("button", { name, exact: true }).click();

describe("remote bid-opening hall", () => {
  test("3 bidders (one via CLI), wrong then right passphrase, one never decrypts, objection, 唱标 for all, confirmations, record PDF", { timeout: 300_000 }, async () => {
    const started = Date.now();
    const [a, bb, c] = await Promise.all(["bidder3", "bidder4", "bidder5"].map((u) => actorOf(db, u)));
    const code = `KB-E2E-${Date.now().toString(36).toUpperCase()}`;
    const lot = await publishedLotWithBidders(db, code, "示范市滨江大道排水管网改造工程", [a!, bb!, c!]);
    const lotId = lot.id;

    // ---- bids (in parallel, as three companies would), host and supervisor sign in meanwhile ----
    const [pa, pb, pc, host, sup] = await Promise.all([b.page(), b.page(), b.page(), b.page(), b.page()]);
    const [keyA, keyB] = await Promise.all([
      browserBidder(pa, { username: "bidder3", lotId, dir: work, passphrase: PASS_A, priceYuan: "9876543.21" }),
      cliBidder(bb!, { lotId, dir: work, passphrase: PASS_B, priceFen: "1188000000" }),
      browserBidder(pc, { username: "bidder5", lotId, dir: work, passphrase: PASS_C, priceYuan: "10500000" }),
      signIn(pb, "bidder4", DEMO_PASSWORDS.BIDDER),
      signIn(host, "staff1", DEMO_PASSWORDS.STAFF, { totp: true }),
      signIn(sup, "supervisor1", DEMO_PASSWORDS.SUPERVISOR, { totp: true }),
    ]);
    expect((await e2eQuery(`SELECT 1 FROM "Bid" WHERE "lotId" = $1 AND status = 'ACTIVE'`, [lotId])).length).toBe(3);
    console.log(`[opening-hall] three bids in after ${Date.now() - started} ms`);

    // ---- the deadline passes; nobody clicks: the worker's deadline engine opens the hall ----
    await bringDeadline(db, lotId, 4_000);
    await waitForHallOpened(lotId);
    const opened = Date.now();
    // Bidder A comes in the way a person does: its lot page links to the hall.
    await pa.goto(url(`/bidder/lots/${lotId}`));
    await pa.getByRole("link", { name: "进入不见面开标大厅" }).click();
    await pa.waitForURL((u) => u.pathname === `/hall/${lotId}`);
    await Promise.all([pb, pc, host, sup].map((p) => p.goto(url(`/hall/${lotId}`))));
    const all = [pa, pb, pc, host, sup];
    const bidders = [pa, pb, pc];
    for (const p of all) {
      await poll(() => hallState(p)).toBe("SIGN_IN");
      await poll(() => p.locator("[data-live]").getAttribute("data-live")).toBe("true");
    }

    // ---- 签到 ----
    await Promise.all(bidders.map((p) => click(p, "签到")));
    for (const p of bidders) await poll(() => p.getByText("本单位已签到").isVisible()).toBe(true);
    await poll(() => host.getByText("已签到 3 家").first().isVisible(), { timeout: 20_000 }).toBe(true);
    // Three sign-ins at the same moment are logged 1, 2, 3 (the count is taken under the session lock).
    await poll(() => sup.getByTestId("hall-log").innerText()).toMatch(/已签到 1 家[\s\S]*已签到 2 家[\s\S]*已签到 3 家/);
    await copyShot(b, host, "opening-host-signin");
    await copyShot(b, pa, "opening-bidder-signin");

    // The tender says 5 minutes at least; one minute keeps the run short (see the header).
    await e2eQuery(`UPDATE "OpeningSession" SET "decryptionWindowMinutes" = 1 WHERE "lotId" = $1`, [lotId]);

    // ---- the host starts: decryption window ----
    host.once("dialog", (d) => void d.accept());
    await click(host, "开始开标");
    for (const p of all) await poll(() => hallState(p), { timeout: 20_000 }).toBe("DECRYPTING");
    const windowStart = Date.now();

    const panelA = pa.getByTestId("decrypt-panel");
    const panelB = pb.getByTestId("decrypt-panel");
    await poll(() => panelA.isVisible()).toBe(true);
    await poll(() => panelB.isVisible()).toBe(true);
    await poll(() => pc.getByTestId("decrypt-panel").isVisible()).toBe(true);

    // A: a wrong passphrase fails in the browser, in words; nothing reaches the server.
    await panelA.getByLabel("投标密钥文件").setInputFiles(keyA);
    await panelA.getByLabel("密钥口令").fill("江南市政 wrong key");
    await panelA.getByRole("button", { name: "解密", exact: true }).click();
    await poll(() => panelA.getByRole("alert").innerText(), { timeout: 20_000 }).toContain("密钥文件口令不正确");
    await copyShot(b, pa, "opening-wrong-passphrase");
    expect(await e2eQuery(`SELECT 1 FROM "OpeningEvent" e JOIN "OpeningSession" s ON s.id = e."sessionId" WHERE s."lotId" = $1 AND e.type = 'bid.decryption_failed'`, [lotId])).toHaveLength(0);

    // …then the right one (A), and B opens its CLI-sealed bid with the CLI's key file, at the same time.
    await panelA.getByLabel("密钥口令").fill(PASS_A);
    await panelA.getByRole("button", { name: "解密", exact: true }).click();
    await panelB.getByLabel("投标密钥文件").setInputFiles(keyB);
    await panelB.getByLabel("密钥口令").fill(PASS_B);
    await panelB.getByRole("button", { name: "解密", exact: true }).click();
    for (const p of [pa, pb]) {
      await poll(() => p.getByTestId("own-decrypted").innerText(), { timeout: 45_000 }).toBe("解密成功，文件与回执一致。");
    }
    // Each bidder sees its own price; nobody sees another's before the 唱标.
    await poll(() => pa.locator("main, body").first().innerText(), { timeout: 20_000 }).toContain(A.price);
    for (const p of [pb, pc, host, sup]) expect(await p.locator("body").innerText()).not.toContain(A.price);
    const decrypted = async () => ((await host.getByTestId("decryption-status").innerText()).match(/已解密/g) ?? []).length;
    await poll(decrypted, { timeout: 20_000 }).toBe(2);
    await copyShot(b, host, "opening-host-decrypting");

    // ---- C objects in the hall; the host answers there ----
    await pc.getByLabel("异议内容").fill(OBJECTION);
    await click(pc, "提出异议");
    await poll(() => host.getByTestId("objections").innerText(), { timeout: 20_000 }).toContain(OBJECTION);
    expect(await host.getByTestId("objections").innerText()).toContain(C.name); // the host sees who objects
    await host.getByRole("textbox", { name: "答复" }).fill(ANSWER);
    await click(host, "答复");
    for (const p of all) await poll(() => p.getByTestId("objections").innerText(), { timeout: 20_000 }).toContain(ANSWER);
    await copyShot(b, pc, "opening-objection-answered");

    // ---- the window ends by itself; the 唱标 appears everywhere at once ----
    const seen = await Promise.all(
      all.map(async (p) => {
        await p.getByTestId("reading").waitFor({ timeout: 90_000 });
        return Date.now();
      }),
    );
    const spread = Math.max(...seen) - Math.min(...seen);
    console.log(`[opening-hall] window ${Date.now() - windowStart} ms; 唱标 in 5 pages within ${spread} ms`);
    expect(spread).toBeLessThan(3_000);
    for (const p of all) {
      expect(await hallState(p)).toBe("READING");
      const table = await p.getByTestId("reading").innerText();
      for (const x of [A, B]) {
        expect(table).toContain(x.name);
        expect(table).toContain(x.price);
        expect(table).toContain(x.words);
      }
      expect(table).toContain(C.name);
      expect(table).toContain("未解密");
      expect(table).not.toContain(C.price);
    }
    await copyShot(b, pb, "opening-reading-bidder");
    await copyShot(b, sup, "opening-reading-supervisor");

    // ---- the host records C's fault, then asks for confirmations ----
    const settle = host.locator("form", { has: host.locator("select[name=fault]") });
    await poll(() => settle.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await settle.innerText()).toContain(C.name);
    await settle.locator("select[name=fault]").selectOption("BIDDER");
    await settle.getByLabel("原因说明").fill(FAULT_REASON);
    await copyShot(b, host, "opening-host-settle");
    await settle.getByRole("button", { name: "记录未解密原因" }).click();
    await poll(() => sup.getByTestId("reading").innerText(), { timeout: 20_000 }).toContain(FAULT_REASON);
    await click(host, "发起开标记录确认");
    for (const p of all) await poll(() => hallState(p), { timeout: 20_000 }).toBe("CONFIRMING");

    // ---- confirmations: A and B confirm, C disagrees; the last answer closes the hall ----
    for (const p of bidders) await poll(() => p.getByRole("button", { name: "确认无异议" }).isVisible(), { timeout: 20_000 }).toBe(true);
    await click(pa, "确认无异议");
    await click(pb, "确认无异议");
    await pc.getByLabel("异议理由").fill("本单位投标文件未能解密，对解密时间不予延长有异议。");
    await copyShot(b, pc, "opening-confirming");
    await click(pc, "有异议");
    for (const p of all) await poll(() => hallState(p), { timeout: 20_000 }).toBe("CLOSED");
    await poll(() => sup.getByTestId("hall-log").innerText()).toMatch(/对开标记录：有异议/);

    // ---- the record: rendered by the worker, linked in every page ----
    for (const p of all) await poll(() => p.getByTestId("record-link").isVisible(), { timeout: 45_000 }).toBe(true);
    await copyShot(b, host, "opening-closed-host");
    await copyShot(b, pa, "opening-closed-bidder");
    const res = await pb.request.get(url(`/hall/${lotId}/record`));
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const pdfFile = path.join(work, "record.pdf");
    writeFileSync(pdfFile, await res.body());
    mkdirSync("screenshots", { recursive: true });
    copyFileSync(pdfFile, path.join("screenshots", "e2e-opening-record.pdf")); // to look at (gitignored)
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfFile, "-"]).toString("utf8");
    const flat = text.replace(/\s+/g, "");
    expect(flat).toContain("开标记录");
    for (const x of [A, B]) {
      expect(flat).toContain(x.price);
      expect(flat).toContain(x.words);
    }
    for (const s of [A.name, B.name, C.name, FAULT_REASON, OBJECTION, ANSWER]) expect(flat).toContain(s.replace(/\s+/g, ""));
    const [row] = await e2eQuery<{ status: string; state: string }>(
      `SELECT l.status, s.state FROM "Lot" l JOIN "OpeningSession" s ON s."lotId" = l.id WHERE l.id = $1`,
      [lotId],
    );
    expect(row).toEqual({ status: "EVALUATION", state: "CLOSED" });
    console.log(`[opening-hall] hall opened → record in ${Date.now() - opened} ms; whole test ${Date.now() - started} ms`);
  });
});

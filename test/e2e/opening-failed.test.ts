/**
 * Issue 6 "Done when", the < 3 bids path in the browser: bidder1 seals and uploads its bid in the browser,
 * bidder2 with the CLIs; the deadline passes and the worker opens the hall by itself; bidder1 signs in; the
 * host (staff2, TOTP) starts — with 2 bids there is no opening (招标投标法实施条例 第四十四条): every page
 * shows 流标 at once, nobody is asked to decrypt, the lot is FAILED, the 流标公告 is published (public page,
 * announcement list, its PDF rendered by the worker says 重新招标) and the host's way to re-tender opens
 * a new draft lot of the same project carrying the failed lot's terms (重新招标).
 *
 * Set-up shortcuts as in opening-hall.test.ts (support/opening.ts): the published lot is inserted directly,
 * registration through the domain, the deadline brought to now + 4 s once the two bids are in.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, test } from "vitest";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { actorOf, bringDeadline, browserBidder, cliBidder, hallState, poll, publishedLotWithBidders, waitForHallOpened } from "./support/opening";
import { copyShot } from "./support/shots";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 3);
setDb(db);
const work = mkdtempSync(path.join(tmpdir(), "opening-failed-"));
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
  rmSync(work, { recursive: true, force: true });
});

describe("remote bid-opening hall, fewer than 3 bids", () => {
  test("2 bids → the host's start fails the lot (流标), announcement published, re-tender path offered", { timeout: 240_000 }, async () => {
    const started = Date.now();
    const [b1, b2] = await Promise.all(["bidder1", "bidder2"].map((u) => actorOf(db, u)));
    const code = `LB-E2E-${Date.now().toString(36).toUpperCase()}`;
    const projectTitle = "示范市北环路照明改造工程";
    const lot = await publishedLotWithBidders(db, code, projectTitle, [b1!, b2!]);
    const lotId = lot.id;

    const [p1, p2, host] = await Promise.all([b.page(), b.page(), b.page()]);
    await Promise.all([
      browserBidder(p1, { username: "bidder1", lotId, dir: work, passphrase: "示范建工 opening key 2026", priceYuan: "8800000" }),
      cliBidder(b2!, { lotId, dir: work, passphrase: "华东路桥 offline key 2026", priceFen: "900000000" }),
      signIn(p2, "bidder2", DEMO_PASSWORDS.BIDDER),
      signIn(host, "staff2", DEMO_PASSWORDS.STAFF, { totp: true }),
    ]);
    expect((await e2eQuery(`SELECT 1 FROM "Bid" WHERE "lotId" = $1 AND status = 'ACTIVE'`, [lotId])).length).toBe(2);

    // The deadline passes; the worker opens the hall (sign-in) by itself.
    await bringDeadline(db, lotId, 4_000);
    await waitForHallOpened(lotId);
    const all = [p1, p2, host];
    await Promise.all(all.map((p) => p.goto(url(`/hall/${lotId}`))));
    for (const p of all) await poll(() => hallState(p)).toBe("SIGN_IN");
    await p1.getByRole("button", { name: "签到", exact: true }).click();
    await poll(() => host.getByText("已签到 1 家").isVisible(), { timeout: 20_000 }).toBe(true);
    await copyShot(b, host, "opening-failed-signin");

    // The host starts: 2 bids < 3 → 流标, in every page, without a reload.
    host.once("dialog", (d) => void d.accept());
    await host.getByRole("button", { name: "开始开标", exact: true }).click();
    for (const p of all) await poll(() => hallState(p), { timeout: 20_000 }).toBe("FAILED");
    for (const p of all) {
      await poll(() => p.getByTestId("hall-failed").innerText(), { timeout: 20_000 }).toContain("不足3家");
      expect(await p.getByTestId("decrypt-panel").count()).toBe(0);
      expect(await p.getByRole("button", { name: "签到", exact: true }).count()).toBe(0);
    }
    // The notice for everyone, the re-tender way for the host only (after the loader's refresh).
    await poll(() => p2.getByTestId("hall-failed").getByRole("link", { name: "流标公告" }).isVisible()).toBe(true);
    await poll(() => host.getByTestId("hall-failed").getByRole("button", { name: "重新招标" }).isVisible()).toBe(true);
    expect(await p2.getByRole("button", { name: "重新招标" }).count()).toBe(0);
    await copyShot(b, p2, "opening-failed-bidder");
    await copyShot(b, host, "opening-failed-host");

    const [row] = await e2eQuery<{ status: string; state: string; bidCount: number; decryptions: string }>(
      `SELECT l.status, s.state, s."bidCount", (SELECT count(*) FROM "BidDecryption" d WHERE d."sessionId" = s.id)::text AS decryptions
         FROM "Lot" l JOIN "OpeningSession" s ON s."lotId" = l.id WHERE l.id = $1`,
      [lotId],
    );
    expect(row).toEqual({ status: "FAILED", state: "FAILED", bidCount: 2, decryptions: "0" });

    // The 流标公告: published at once, its PDF rendered by the worker.
    let documentId: string | null = null;
    await poll(async () => {
        const [a] = await e2eQuery<{ documentId: string | null }>(`SELECT "documentId" FROM "Announcement" WHERE "lotId" = $1 AND kind = 'FAILED'`, [lotId]);
        documentId = a?.documentId ?? null;
        return documentId;
      }, { timeout: 30_000 })
      .not.toBeNull();
    const pdf = await fetch(url(`/documents/${documentId}`));
    expect(pdf.status).toBe(200);
    const pdfFile = path.join(work, "failed.pdf");
    writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfFile, "-"]).toString("utf8").replace(/\s+/g, "");
    expect(text).toContain("流标公告");
    expect(text).toContain("不足3家");
    expect(text).toContain("重新招标");

    // The bidder follows the hall's link to the public notice; the public page says the lot failed.
    await p2.getByTestId("hall-failed").getByRole("link", { name: "流标公告" }).click();
    await p2.waitForURL((u) => u.pathname === `/tenders/${lotId}`);
    const pub = await p2.locator("main").innerText();
    expect(pub).toContain("本项目已流标。");
    expect(pub).toContain(`${projectTitle}（第一标段）流标公告`);
    await copyShot(b, p2, "opening-failed-public");

    // The host's re-tender: a new DRAFT lot of the same project with the failed lot's terms, linked to it.
    await host.getByTestId("hall-failed").getByRole("button", { name: "重新招标" }).click();
    await host.waitForURL((u) => /^\/staff\/lots\/[0-9a-f-]{36}$/.test(u.pathname) && u.pathname !== `/staff/lots/${lotId}`);
    const [copy] = await e2eQuery<{ projectId: string; title: string; status: string }>(
      `SELECT "projectId", title, status FROM "Lot" WHERE "retenderOfLotId" = $1`,
      [lotId],
    );
    expect(copy).toEqual({ projectId: lot.projectId, title: "第一标段（重新招标）", status: "DRAFT" });
    expect(await host.locator("main").innerText()).toContain(code);
    expect(await host.getByTestId("retender-of").innerText()).toContain("第一标段");
    await copyShot(b, host, "opening-failed-retender");
    console.log(`[opening-failed] whole test ${Date.now() - started} ms`);
  });
});

/**
 * Issue 16 item 11 in the browser. staff1 (password + TOTP), from the staff lot pages: replaces a tender
 * document through the change-notice page (a missing file is refused in words first) — the change notice
 * is published with the new file, the old one is listed as superseded; then cancels another lot (终止招标)
 * with a reason (a too-short reason is refused first, nothing changes). bidder1, on its own pages: the
 * notifications of both, the cancelled lot's page saying so, the new document downloadable with the
 * SHA-256 the notice printed. A visitor: the 终止招标公告 in the public announcements and on the lot's page.
 *
 * Set-up shortcuts: the two published lots are inserted directly (publication is covered by tenders-flow)
 * and scheduled by the domain's engine; bidder1 registers through the domain (registerForLot); the lot to
 * change gets its original tender document as rows (the file itself is never downloaded here).
 */
import { createHash, randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { createDb, setDb } from "~/lib/db.server";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { url, useBrowser } from "./support/browser";
import { shotBoth } from "./support/both-widths";
import { actorOf, publishedLotWithBidders } from "./support/opening";
import { e2eQuery, signIn } from "./support/sign-in";

const b = useBrowser();
const db = createDb(inject("e2eDatabaseUrl"), 3);
setDb(db); // registration and scheduling: domain functions against the e2e database
afterAll(async () => {
  setDb(undefined);
  await db.$disconnect();
});

const NEW_PDF = Buffer.from("%PDF-1.4\n% 招标文件（修订版）\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const DAY = 86_400_000;
const sha256 = (x: Buffer) => createHash("sha256").update(x).digest("hex");

async function confirm(page: Page) {
  await page.locator("dialog[open] button[type=submit]").click();
}

/** The lot's original tender document, as the draft upload would have left it (rows only). */
async function originalDocument(lotId: string, authorId: string) {
  const id = randomUUID();
  await db.document.create({
    data: {
      id, kind: "tender-document", number: `ZBWJ-E2E-${id.slice(0, 8)}`, title: "招标文件.pdf", mime: "application/pdf",
      storageKey: `tender-documents/${lotId}/${id}.pdf`, sha256: "a".repeat(64), size: 1000, entityType: "Lot", entityId: lotId, ownerOrgId: null, public: false,
    },
  });
  return db.tenderDocument.create({ data: { lotId, documentId: id, sha256: "a".repeat(64), name: "招标文件.pdf", size: 1000, uploadedById: authorId } });
}

/** bidder1's sealed bid on lot B with a cash bond, as rows (the bid bytes are never opened: the lot is cancelled). */
async function bidWithBond(lotId: string, orgId: string, userId: string) {
  const fingerprint = createHash("sha256").update(randomUUID()).digest("hex");
  // Retired at once: the organisation's own active key (other tests) stays the only active one.
  await db.bidderKey.create({ data: { orgId, fingerprint, publicKeySpki: "x", createdById: userId, retiredAt: new Date() } });
  const id = randomUUID();
  await db.bid.create({
    data: {
      id, lotId, bidderOrgId: orgId, submittedById: userId, uploadId: `up-${id}`, storageKey: `bids/${lotId}/${id}`, size: 10n,
      ciphertextSha256: "0".repeat(64), plaintextSha256: "1".repeat(64), keyFingerprint: fingerprint, submittedAt: new Date(Date.now() - 3_600_000),
    },
  });
  await db.bidBond.create({ data: { bidId: id, method: "ACCOUNT_TRANSFER", payerAccount: "6222000011112222", amountFen: 1_000_00n } });
}

describe("staff actions: replace a tender document, cancel a lot (终止招标)", () => {
  test("staff replaces and cancels from their pages; bidder and visitor see it on theirs", { timeout: 540_000 }, async () => {
    const stamp = Date.now().toString().slice(-6);
    const bidder1 = await actorOf(db, "bidder1");
    const changeTitle = `示范市滨湖公园景观提升工程${stamp}`;
    const cancelTitle = `示范市第二污水处理厂扩建工程${stamp}`;
    const lotA = await publishedLotWithBidders(db, `GC-RPL-${stamp}`, changeTitle, [bidder1]);
    // A change notice checks the statutory schedule again: lot A gets a legal one (25 days to the deadline).
    await db.$transaction(async (tx) => {
      const at = (days: number) => new Date(Date.now() + days * DAY);
      await tx.lot.update({
        where: { id: lotA.id },
        data: { docsAvailableFrom: at(-1 / 1440), docsAvailableTo: at(10), clarificationCutoff: at(9), objectionCutoff: at(12), bidDeadline: at(25) },
      });
      await scheduleLotTransitions(tx, lotA.id);
    });
    const lotB = await publishedLotWithBidders(db, `GC-CXL-${stamp}`, cancelTitle, [bidder1]);
    const old = await originalDocument(lotA.id, lotA.authorId);
    await bidWithBond(lotB.id, bidder1.orgId!, bidder1.userId!);

    // ---- staff1: replace the tender document of lot A through a change notice ----
    const staff = await b.page();
    await signIn(staff, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
    await staff.goto(url("/staff"));
    await staff.getByRole("link", { name: new RegExp(changeTitle) }).first().click();
    await staff.waitForURL((u) => u.pathname === `/staff/lots/${lotA.id}`);
    await staff.getByRole("link", { name: "变更/澄清" }).click();
    await staff.waitForURL((u) => u.pathname === `/staff/lots/${lotA.id}/changes`);
    const replace = staff.locator("section[aria-labelledby=replace-h]");
    await expect.poll(() => replace.getByRole("heading", { level: 2 }).innerText()).toBe("替换招标文件");
    expect(await replace.locator("select[name=replacesId]").inputValue()).toBe(old.id);

    // No file chosen: refused in words next to the field; nothing published.
    await replace.locator("textarea[name=notice]").fill("因工程量清单调整，现更换招标文件，请各投标人以修订版为准。");
    await replace.getByRole("button", { name: "替换招标文件…" }).click();
    await confirm(staff);
    await expect.poll(() => replace.innerText()).toContain("请选择用于替换的新文件。");
    expect(await e2eQuery(`SELECT 1 FROM "Announcement" WHERE "lotId" = $1 AND kind = 'CHANGE'`, [lotA.id])).toHaveLength(0);
    await shotBoth(b, staff, "cancel-replace-missing-file");

    await replace.locator("input[type=file]").setInputFiles({ name: "招标文件（修订版）.pdf", mimeType: "application/pdf", buffer: NEW_PDF });
    // A typo-level change here: the 15-day rule is not asked for (the box is the staff's judgement).
    await replace.getByLabel("本变更可能影响投标文件编制").uncheck();
    await replace.getByRole("button", { name: "替换招标文件…" }).click();
    await expect.poll(() => staff.locator("dialog[open]").innerText()).toContain("原文件不再提供下载");
    await shotBoth(b, staff, "cancel-replace-confirm");
    await confirm(staff);
    await staff.waitForURL((u) => u.searchParams.get("done") === "replaced");
    await expect.poll(() => staff.locator(".alert--success").innerText()).toContain("招标文件已替换");
    await expect.poll(() => staff.locator("[data-testid=superseded]").innerText()).toContain("由「招标文件（修订版）.pdf」替换");
    expect(await staff.locator(".qa").innerText()).toContain(sha256(NEW_PDF));
    await shotBoth(b, staff, "cancel-replace-done");
    const docs = await e2eQuery<{ name: string; withdrawn: boolean; announcementId: string | null }>(
      `SELECT name, "withdrawnAt" IS NOT NULL AS withdrawn, "announcementId" FROM "TenderDocument" WHERE "lotId" = $1 ORDER BY "createdAt"`,
      [lotA.id],
    );
    expect(docs.map((d) => [d.name, d.withdrawn])).toEqual([["招标文件.pdf", true], ["招标文件（修订版）.pdf", false]]);
    expect(docs[1]!.announcementId).not.toBeNull();

    // ---- staff1: cancel lot B (终止招标) ----
    await staff.goto(url("/staff"));
    await staff.getByRole("link", { name: new RegExp(cancelTitle) }).first().click();
    await staff.waitForURL((u) => u.pathname === `/staff/lots/${lotB.id}`);
    const cancel = staff.locator("section[aria-labelledby=cancel-h]");
    await expect.poll(() => cancel.getByRole("heading", { level: 2 }).innerText()).toBe("终止招标");
    await cancel.getByLabel("终止理由").fill("取消");
    await cancel.getByLabel("终止理由").press("Tab");
    await expect.poll(() => cancel.innerText()).toContain("请写明终止招标的理由（至少 4 个字）");
    await cancel.getByRole("button", { name: "终止招标…" }).click();
    await confirm(staff);
    await expect.poll(() => cancel.innerText()).toContain("请写明终止招标的理由（至少 4 个字）");
    expect((await e2eQuery<{ status: string }>(`SELECT status FROM "Lot" WHERE id = $1`, [lotB.id]))[0]!.status).toBe("PUBLISHED");
    await shotBoth(b, staff, "cancel-reason-refused");

    const reason = "项目建设资金未落实，经招标人研究决定终止本次招标。";
    await cancel.getByLabel("终止理由").fill(reason);
    await cancel.getByRole("button", { name: "终止招标…" }).click();
    await expect.poll(() => staff.locator("dialog[open]").innerText()).toContain("终止后不可恢复");
    await shotBoth(b, staff, "cancel-confirm");
    await confirm(staff);
    await staff.waitForURL((u) => u.searchParams.get("done") === "cancelled");
    await expect.poll(() => staff.locator(".alert--success").innerText()).toContain("终止招标公告已发布");
    await expect.poll(() => staff.locator("[data-testid=cancelled]").innerText()).toContain(reason);
    expect(await staff.locator(".lot-header .badge").first().innerText()).toBe("已终止");
    expect(await staff.locator("section[aria-labelledby=cancel-h]").count()).toBe(0);
    // The bond is in the refund register, due by the rule's period.
    await expect.poll(() => staff.locator("[data-testid=cancelled] table").innerText()).toContain("示范建工集团有限公司");
    expect(await staff.locator("[data-testid=cancelled] table").innerText()).toContain("1,000.00");
    await shotBoth(b, staff, "cancel-done-staff");
    // The bond goes back from the lot's 定标与合同 tab, which a lot ended without evaluation shows for its refunds.
    await staff.locator(".lot-tabs, nav").getByRole("link", { name: "定标与合同" }).first().click();
    await staff.waitForURL((u) => u.pathname === `/staff/lots/${lotB.id}/award`);
    // Its lead speaks of the cancellation and its rule, not of a contract the lot never had.
    const lead = await staff.getByTestId("refund-lead").innerText();
    expect(lead).toContain("本标段已终止招标");
    expect(lead).toContain("5 日内退还（招标投标法实施条例第三十一条）");
    expect(lead).not.toContain("合同");
    const refundRow = staff.getByRole("form", { name: "登记 示范建工集团有限公司 的保证金退还" });
    await refundRow.getByLabel("银行流水号").fill("CXL-REFUND-001");
    await refundRow.getByRole("button", { name: "登记退还" }).click();
    await staff.waitForURL((u) => u.searchParams.get("done") === "refund");
    await expect.poll(() => staff.locator("[data-testid=refunded]").innerText()).toContain("CXL-REFUND-001");
    await shotBoth(b, staff, "cancel-refund-recorded");

    // ---- bidder1: its notifications and its lot pages ----
    const bidder = await b.page();
    await signIn(bidder, "bidder1", DEMO_PASSWORDS.BIDDER);
    await bidder.goto(url("/notifications"));
    const items = bidder.locator("[data-testid=notification]");
    await expect.poll(() => items.allInnerTexts().then((t) => t.join("\n"))).toContain(`终止招标：${cancelTitle}`);
    const all = (await items.allInnerTexts()).join("\n");
    expect(all).toContain(reason);
    expect(all).toContain("变更公告");
    await shotBoth(b, bidder, "cancel-bidder-notifications");
    await items.filter({ hasText: `终止招标：${cancelTitle}` }).getByRole("button").first().click();
    await bidder.waitForURL((u) => u.pathname === `/bidder/lots/${lotB.id}`);
    await expect.poll(() => bidder.locator("[data-testid=bidder-cancelled]").innerText()).toContain("本标段已终止招标");
    expect(await bidder.locator(".timeline").innerText()).toContain("不再适用");
    await shotBoth(b, bidder, "cancel-bidder-lot");

    await bidder.goto(url(`/bidder/lots/${lotA.id}`));
    const docList = bidder.locator(".doc-list");
    await expect.poll(() => docList.innerText()).toContain("招标文件（修订版）.pdf");
    expect(await docList.innerText()).not.toContain("招标文件.pdf");
    const href = await docList.getByRole("link", { name: /招标文件（修订版）/ }).getAttribute("href");
    const res = await bidder.request.get(url(href!));
    expect(res.status()).toBe(200);
    expect(sha256(Buffer.from(await res.body()))).toBe(sha256(NEW_PDF));

    // ---- a visitor: the cancellation notice on the public portal ----
    const visitor = await b.page();
    await visitor.goto(url("/announcements"));
    await visitor.getByRole("link", { name: "终止招标公告", exact: true }).click();
    const notice = visitor.getByRole("link", { name: new RegExp(`${cancelTitle}.*终止招标公告`) }).first();
    await notice.click();
    await visitor.waitForURL((u) => u.pathname.startsWith("/tenders/") || u.pathname.startsWith("/announcements/"));
    await expect.poll(() => visitor.locator("main").innerText()).toContain(reason);
    await shotBoth(b, visitor, "cancel-public-notice");
    await visitor.goto(url(`/tenders/${lotB.id}`));
    await expect.poll(() => visitor.locator(".alert--error").first().innerText()).toContain("终止");
    await shotBoth(b, visitor, "cancel-public-lot");
  });
});

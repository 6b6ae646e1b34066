/**
 * Issue 12 (award half), in the browser: from a lot brought to EVALUATED through the real domain
 * (openedLotForTest, then saveEvaluationOutcome — the call the evaluation area makes when the report is signed)
 * to ARCHIVED, each step by its user from their own pages:
 *  - staff1 (TOTP) publishes the candidates from the lot's award tab;
 *  - a bidder raises an objection to the result from its own lot page: the award pauses (SUSPENDED);
 *  - staff answer it on the objections tab; the publicity ends (its end moved to the past and fired through
 *    the deadline engine, as the integration test does);
 *  - staff award the first-ranked; the notices exist;
 *  - staff record the signed contract on the award tab (a bond above 10 % and a non-PDF are refused with a
 *    localized message and change nothing; then the PDF, amount, dates and bond; its SHA-256 is shown);
 *  - staff record every bond refund (with interest) in the refund register; the archive is refused until the
 *    written report to the supervisor is submitted (招标投标法 art. 47); staff submit it, start the archive and watch it
 *    until the lot is ARCHIVED, download the ZIP and check it with `npm run archive:verify`;
 *  - the public reads candidates, result and contract on the public tender page.
 * Screenshots (desktop + phone): award tab at each step (contract form, refund register, archive), public
 * result and contract sections, bidder lot page.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { systemActor } from "~/domain/actor";
import type { EvaluationOutcome } from "~/domain/evaluation/evaluation-outcome";
import { saveEvaluationOutcome } from "~/domain/evaluation/save-evaluation-outcome";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { formatCalendarDate } from "~/lib/time";
import { ARCHIVED_PROJECT_TITLE } from "../../prisma/seed/archived-tender";
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { openedLotForTest, type OpenedLot } from "../integration/evaluation-fixtures";
import { PDF_BYTES } from "../integration/tenders-fixtures";
import { centreToday } from "../support/dates";
import { url, useBrowser } from "./support/browser";
import { awardAct, refundEveryBond, storeBidFiles } from "./support/award";
import { shotBoth } from "./support/both-widths";
import { signIn } from "./support/sign-in";
import { useE2eDb } from "./support/e2e-db";

const b = useBrowser();
const db = useE2eDb();

const PDF = PDF_BYTES;
const today = centreToday;
const poll = <T>(fn: () => Promise<T>, timeout = 60_000) => expect.poll(fn, { timeout, interval: 500 });

let s: OpenedLot;
let lotId: string;
let bidderUsername: string;
let staff: Page;
const status = async () => (await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status;

const staffAct = (intent: string, fill?: (p: Page) => Promise<void>) => awardAct(staff, lotId, intent, fill);

describe("award in the browser", () => {
  test("setup: an EVALUATED lot (real domain path); one bidder can sign in", async () => {
    s = await openedLotForTest(db, { prices: [850_000_00n, 870_000_00n, 890_000_00n, 950_000_00n] });
    lotId = s.lotId;
    await storeBidFiles(db, s.bidders.map((x) => x.bidId));
    for (const [i, x] of s.bidders.entries()) {
      await db.bidBond.create({ data: { bidId: x.bidId, method: "ACCOUNT_TRANSFER", payerAccount: `62220${i}00001`, amountFen: 10_000_00n } });
    }
    // The second-ranked bidder signs in with the demo bidder password (the fixture's users have none).
    const demo = await db.user.findFirstOrThrow({ where: { username: "bidder1" } });
    bidderUsername = `award-e2e-${Date.now()}`;
    // It got the tender documents (registered), as every bidder does before bidding: it may rate the service.
    await db.lotRegistration.create({ data: { lotId, bidderOrgId: s.bidders[1]!.orgId, userId: s.bidders[1]!.actor.userId! } });
    await db.user.update({ where: { id: s.bidders[1]!.actor.userId! }, data: { username: bidderUsername, passwordHash: demo.passwordHash } });
    const ranked = s.bidders.slice(0, 3);
    const rejected = s.bidders[3]!;
    const outcome: EvaluationOutcome = {
      lotId,
      method: "COMPREHENSIVE",
      ranking: ranked.map((x, i) => ({ bidId: x.bidId, bidderOrgId: x.orgId, bidderName: x.name, rank: i + 1, bidPriceFen: String(x.priceFen), totalScore: (92.5 - i * 3.25).toFixed(2), evaluatedPriceFen: null })),
      rejected: [{ bidId: rejected.bidId, bidderOrgId: rejected.orgId, bidderName: rejected.name, ground: "art51.overCeiling", reason: "投标报价高于最高投标限价（实施条例第五十一条第五项）" }],
      committee: [
        { name: "张评委", kind: "EXPERT", isChair: true, signature: "SIGNED", dissent: null },
        { name: "李评委", kind: "EXPERT", isChair: false, signature: "SIGNED", dissent: null },
        { name: "王评委", kind: "EXPERT", isChair: false, signature: "SIGNED", dissent: null },
        { name: "赵评委", kind: "EXPERT", isChair: false, signature: "SIGNED", dissent: null },
        { name: "招标人代表", kind: "BUYER_REPRESENTATIVE", isChair: false, signature: "SIGNED", dissent: null },
      ],
      reportDocumentId: null,
      reportSha256: "a".repeat(64),
      tieBreakRule: "lower price first",
      completedAt: new Date().toISOString(),
    };
    await db.$transaction((tx) => saveEvaluationOutcome(tx, systemActor("evaluation"), outcome));
    expect(await status()).toBe("EVALUATED");
  });

  test("staff publish, a bidder objects, staff answer, award — each from their own pages", async () => {
    staff = await b.page();
    await signIn(staff, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
    await staffAct("publish");
    expect(await status()).toBe("CANDIDATES_PUBLICITY");
    await expect.poll(() => staff.locator("main").innerText()).toContain(s.bidders[0]!.name);
    await shotBoth(b, staff, "award-staff-publicity");

    // A bidder objects to the result from its lot page; the award pauses; staff answer it.
    const bidder = await b.page();
    await signIn(bidder, bidderUsername, DEMO_PASSWORDS.BIDDER);
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    await bidder.locator("#result-objection").fill("第一名业绩证明不实，请复核。");
    await bidder.locator("button[name=intent][value=objectResult]").click();
    await bidder.waitForURL((u) => u.searchParams.get("done") === "objectResult", { timeout: 60_000 });
    await poll(status).toBe("SUSPENDED");
    await expect.poll(() => bidder.locator("main").innerText()).toContain("第一名业绩证明不实");
    // The procedure is not over: no service rating yet.
    expect(await bidder.getByTestId("rate-service").count()).toBe(0);

    const o = await db.objection.findFirstOrThrow({ where: { lotId, subject: "RESULT" } });
    await staff.goto(url(`/staff/lots/${lotId}/objections`));
    const form = staff.locator(`form#objection-${o.id}`);
    await form.locator("textarea").fill("经复核，业绩证明真实有效，维持评标结果。");
    await form.getByRole("button", { name: "发送答复" }).click();
    await staff.locator("dialog[open] button[type=submit]").click();
    await poll(status).toBe("CANDIDATES_PUBLICITY");
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    await expect.poll(() => bidder.locator("main").innerText()).toContain("维持评标结果");

    // The publicity ends; staff award the first-ranked; notices exist.
    await db.candidatesPublicity.update({ where: { lotId }, data: { endsAt: new Date(Date.now() - 1000) } });
    await db.$transaction((tx) => scheduleLotTransitions(tx, lotId));
    const row = await db.scheduledTransition.findFirst({ where: { lotId, kind: "PUBLICITY_END", status: "PENDING" } });
    // The e2e worker may fire it first; either way the period ends.
    if (row) await fireScheduledTransition({ transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev }).catch(() => undefined);
    await poll(async () => (await db.candidatesPublicity.findUniqueOrThrow({ where: { lotId } })).endedAt !== null).toBe(true);

    await staffAct("award");
    expect(await status()).toBe("AWARDED");
    const award = await db.award.findUniqueOrThrow({ where: { lotId } });
    expect(award.winnerBidId).toBe(s.bidders[0]!.bidId);
    expect(await db.awardNotice.count({ where: { lotId } })).toBe(4);

    await shotBoth(b, staff, "award-staff-awarded");

    // The contract form: bad input first — each a localized message, nothing recorded.
    const fillContract = async (p: Page, file: { name: string; mimeType: string; buffer: Buffer }, bond: string) => {
      const form = p.getByTestId("contract-form");
      await form.locator("#file").setInputFiles(file);
      await form.locator("#performanceBondYuan").fill(bond);
      await form.locator("#signedOn").fill(today());
      await form.locator("#startsOn").fill(today());
      await form.locator("#endsOn").fill("2027-12-31");
    };
    const refused = async (file: { name: string; mimeType: string; buffer: Buffer }, bond: string, message: string) => {
      await staff.goto(url(`/staff/lots/${lotId}/award`));
      await fillContract(staff, file, bond);
      await staff.locator("button[name=intent][value=contract]").click();
      await expect.poll(() => staff.getByTestId("award-errors").innerText().catch(() => "")).toContain(message);
      expect(await db.contract.count({ where: { lotId } })).toBe(0);
      expect(await status()).toBe("AWARDED");
    };
    // 10 % of 850,000.00 is 85,000.00.
    await refused({ name: "施工合同.pdf", mimeType: "application/pdf", buffer: PDF }, "85000.01", "履约保证金不得超过中标合同金额的 10%");
    await staff.getByTestId("award-errors").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-contract-refused");
    await refused({ name: "施工合同.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\u0003\u0004 not a pdf") }, "", "合同文件必须是 PDF 格式");
    await refused({ name: "施工合同.pdf", mimeType: "application/pdf", buffer: PDF }, "八万五", "请输入有效金额");

    // Then the signed PDF with its amount, dates and the 10 % bond: recorded, its hash shown; CONTRACTED.
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    await fillContract(staff, { name: "施工合同.pdf", mimeType: "application/pdf", buffer: PDF }, "85000");
    await staff.getByTestId("contract-form").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-contract-form");
    await staff.locator("button[name=intent][value=contract]").click();
    await staff.waitForURL((u) => u.searchParams.get("done") === "contract", { timeout: 60_000 });
    expect(await status()).toBe("CONTRACTED");
    const sha = createHash("sha256").update(PDF).digest("hex");
    const facts = await staff.getByTestId("contract-facts").innerText();
    expect(facts).toContain(sha);
    expect(facts).toContain("850,000.00");
    expect(facts).toContain("85,000.00");
    expect(facts).toContain("2027年12月31日");
    const contract = await db.contract.findUniqueOrThrow({ where: { lotId } });
    expect(contract.performanceBondFen).toBe(85_000_00n);
    expect(contract.sha256).toBe(sha);

    // The refund register: one row per bond; each refund recorded from its row (date, amount with interest,
    // bank reference) as the form offers it.
    expect(await db.bondRefund.count({ where: { lotId } })).toBe(4);
    await staff.getByTestId("refund-register").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-refund-register-open");
    await refundEveryBond(staff, db, lotId, "YH-E2E-");
    await expect.poll(() => staff.getByTestId("refunded").count()).toBe(4);
    expect(await staff.getByTestId("refunded").first().innerText()).toContain(`${formatCalendarDate(today(), "zh-CN")} 已退还`);
    await staff.getByTestId("refund-register").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-refund-register");

    // The archive waits for the written report to the supervisor (招标投标法 art. 47): the page says so, and a
    // request before it is refused with the rule's message, nothing queued. Then the report, then the archive.
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    expect(await staff.getByTestId("archive-waits").innerText()).toContain("书面报告");
    await staff.locator("button[name=intent][value=archive]").click();
    await expect.poll(() => staff.getByTestId("award-errors").innerText().catch(() => "")).toContain("提交书面报告后方可归档");
    expect(await db.lotArchive.count({ where: { lotId } })).toBe(0);
    await staff.getByTestId("award-errors").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-archive-needs-report");
    await staffAct("report", (p) => p.locator("#report-text").fill("招标投标情况书面报告：依法公开招标，评标委员会推荐，确定第一名为中标人。"));
    expect((await db.award.findUniqueOrThrow({ where: { lotId } })).reportedAt).not.toBeNull();

    // The archive: requested, its progress shown while the worker builds it, then done; the lot is ARCHIVED.
    await staffAct("archive");
    await staff.getByTestId("archive-status").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-archive-progress");
    await expect.poll(() => staff.getByTestId("archive-status").innerText(), { timeout: 180_000, interval: 1000 }).toContain("已归档");
    expect(await status()).toBe("ARCHIVED");
    const retention = (await db.lotArchive.findUniqueOrThrow({ where: { lotId } })).retentionUntil;
    expect(await staff.getByTestId("archive-status").innerText()).toContain(`保存至 ${retention.getUTCFullYear()}年${retention.getUTCMonth() + 1}月${retention.getUTCDate()}日`);
    await staff.getByTestId("archive-status").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-archive-done");

    // Download the ZIP and check it offline with the project's verifier.
    const [download] = await Promise.all([staff.waitForEvent("download"), staff.getByTestId("archive-download").click()]);
    const zip = path.join(mkdtempSync(path.join(tmpdir(), "award-e2e-")), "case-archive.zip");
    copyFileSync((await download.path())!, zip);
    const archive = await db.lotArchive.findUniqueOrThrow({ where: { lotId } });
    expect(createHash("sha256").update(readFileSync(zip)).digest("hex")).toBe(archive.sha256);
    const out = execFileSync("npm", ["run", "--silent", "archive:verify", "--", zip], { cwd: path.resolve("."), encoding: "utf8" });
    expect(out).toContain("VERIFIED");
    expect(out).not.toContain("PROBLEM");
  }, 900_000);

  test("the public tender page shows candidates, result and contract; the bidder its lot page", async () => {
    const pub = await b.page();
    await pub.goto(url(`/tenders/${lotId}`));
    await expect.poll(() => pub.locator("#candidates").innerText()).toContain(s.bidders[0]!.name);
    await expect.poll(() => pub.locator("#result").innerText()).toContain(s.bidders[0]!.name);
    expect(await pub.locator("main").innerText()).not.toContain("张评委");
    await pub.locator("#result").scrollIntoViewIfNeeded();
    await shotBoth(b, pub, "award-public-result");
    // The contract for a visitor: amount, term and the file's hash (a 工程 contract's file stays with the parties).
    const c = await pub.getByTestId("public-contract").innerText();
    expect(c).toContain("850,000.00");
    expect(c).toContain(createHash("sha256").update(PDF).digest("hex"));
    expect(c).toContain("2027年12月31日");
    await pub.locator("#contract").scrollIntoViewIfNeeded();
    await shotBoth(b, pub, "award-public-contract");

    const bidder = await b.page();
    await signIn(bidder, bidderUsername, DEMO_PASSWORDS.BIDDER);
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    await expect.poll(() => bidder.locator("main").innerText()).toContain("维持评标结果");
    await shotBoth(b, bidder, "award-bidder-lot");

    // The lot has ended (ARCHIVED): the bidder's lot page opens the service rating; it rates; the page says so.
    await bidder.getByTestId("rate-service").getByRole("link", { name: "评价本次交易服务" }).click();
    await bidder.waitForURL((u) => u.pathname === `/bidder/complaints/rate/${lotId}`);
    await bidder.locator("input[name=score][value='5']").check();
    await bidder.locator("#comment").fill("流程清楚，答复及时。");
    await bidder.getByRole("button", { name: "提交评价" }).click();
    await bidder.waitForURL((u) => u.searchParams.get("thanks") === "1");
    expect(await db.satisfactionRating.findUniqueOrThrow({ where: { lotId_orgId: { lotId, orgId: s.bidders[1]!.orgId } } })).toMatchObject({ score: 5 });
    await bidder.goto(url(`/bidder/lots/${lotId}`));
    await expect.poll(() => bidder.getByTestId("rate-service").innerText()).toContain("已对本次交易服务评分：5 分");
    await bidder.getByTestId("rate-service").scrollIntoViewIfNeeded();
    await shotBoth(b, bidder, "award-bidder-rated");
  }, 300_000);


  test("the demo seed's tender that went all the way: public candidates, result and contract; refunds and archive", async () => {
    // What a newcomer finds after `npm start` (prisma/seed/archived-tender.ts, run by the e2e set-up as by setup.sh).
    const lot = await db.lot.findFirstOrThrow({ where: { project: { title: ARCHIVED_PROJECT_TITLE } } });
    expect(lot.status).toBe("ARCHIVED");
    const award = await db.award.findUniqueOrThrow({ where: { lotId: lot.id } });
    const pub = await b.page();
    await pub.goto(url(`/tenders/${lot.id}`));
    expect(await pub.locator("#candidates").innerText()).toContain(award.winnerName);
    expect(await pub.locator("#result").innerText()).toContain(award.winnerName);
    expect(await pub.getByTestId("public-contract").innerText()).toContain("27,860,000.00");
    // The timeline goes on past the opening: publicity, award, contract, and the archive as the current step.
    const steps = await pub.locator(".timeline__step .timeline__label").allInnerTexts();
    expect(steps.slice(-4)).toEqual(["中标候选人公示", "定标 / 中标公告", "合同签订", "归档"]);
    expect(await pub.locator(".timeline__step[aria-current=step] .timeline__label").innerText()).toBe("归档");
    await pub.locator("#result").scrollIntoViewIfNeeded();
    await shotBoth(b, pub, "award-demo-public");
    const desk = await b.page();
    await signIn(desk, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });
    await desk.goto(url(`/staff/lots/${lot.id}/award`));
    expect(await desk.getByTestId("refund-register").locator("[data-testid=refunded]").count()).toBe(4);
    const archive = await desk.getByTestId("archive-status").innerText();
    expect(archive).toContain("已归档");
    expect(archive).toMatch(/保存至 20\d\d年/);
    await desk.getByTestId("archive-status").scrollIntoViewIfNeeded();
    await shotBoth(b, desk, "award-demo-archive");
  }, 120_000);
});

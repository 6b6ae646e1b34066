/**
 * Issue 12 (award half) for a 政府采购 lot, in the browser: from a lot brought to EVALUATED through the real
 * domain (openedLotForTest with the GOVERNMENT_PROCUREMENT profile, then saveEvaluationOutcome with an 87号令
 * comprehensive-scoring outcome) to ARCHIVED, as staff1 (TOTP) from /staff/lots/:id/award:
 *  - no 中标候选人公示 under 政府采购 (实施条例 art. 43: the award comes straight from the report): no publish
 *    button; staff award the first-ranked; the notices exist; the losing bidders' bonds are due 5 working days
 *    after the award notice (实施条例 art. 33) — their rows are in the register before any contract;
 *  - staff record the signed contract (PDF, amount, dates, bond ≤ 10 %); it is published at once (art. 50);
 *  - an empty filing reference is refused with its own message and records nothing; the archive is refused
 *    until the filing (备案, 政府采购法 art. 47) is recorded; staff record it with a reference;
 *  - staff record every bond refund, start the archive, watch it reach 已归档, download the ZIP and check it
 *    with `npm run archive:verify`;
 *  - a visitor reads the result with the committee members' names and the contract on the public tender page;
 *    the lot's OCDS release has awards and contracts (valid against the schema).
 * Screenshots (desktop + phone): award tab after the contract, public result.
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
import { DEMO_PASSWORDS } from "../../prisma/seed/demo-data";
import { openedLotForTest, type OpenedLot } from "../integration/evaluation-fixtures";
import { makeReleasePackageValidator } from "../ocds-schema/validator";
import { PDF_BYTES } from "../integration/tenders-fixtures";
import { centreToday } from "../support/dates";
import { url, useBrowser } from "./support/browser";
import { awardAct, awardRefused, refundEveryBond, storeBidFiles } from "./support/award";
import { shotBoth } from "./support/both-widths";
import { signIn } from "./support/sign-in";
import { useE2eDb } from "./support/e2e-db";

const b = useBrowser();
const db = useE2eDb();

const PDF = PDF_BYTES;
const today = centreToday;
const poll = <T>(fn: () => Promise<T>, timeout = 60_000) => expect.poll(fn, { timeout, interval: 500 });

/** 87号令 art. 55: price score = lowest valid price ÷ bid price × price weight (40 here), to two decimals. */
const priceScore = (lowest: bigint, price: bigint) => Math.round((Number(lowest) / Number(price)) * 40 * 100) / 100;

let s: OpenedLot;
let lotId: string;
let staff: Page;
let committee: string[];
const status = async () => (await db.lot.findUniqueOrThrow({ where: { id: lotId } })).status;

const staffAct = (intent: string, fill?: (p: Page) => Promise<void>) => awardAct(staff, lotId, intent, fill);

const refused = (intent: string, message: string, fill?: (p: Page) => Promise<void>) => awardRefused(staff, lotId, intent, message, fill);

describe("政府采购 award in the browser", () => {
  test("setup: an EVALUATED 政府采购 lot, scored by the 87号令 price formula (real domain path)", async () => {
    // 820 000, 850 000, 880 000 valid; 950 000 over the 900 000 ceiling (rejected, 87号令 art. 63).
    s = await openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT", prices: [820_000_00n, 850_000_00n, 880_000_00n, 950_000_00n] });
    lotId = s.lotId;
    await storeBidFiles(db, s.bidders.map((x) => x.bidId));
    for (const [i, x] of s.bidders.entries()) {
      await db.bidBond.create({ data: { bidId: x.bidId, method: "ACCOUNT_TRANSFER", payerAccount: `62228${i}00001`, amountFen: 10_000_00n } });
    }
    // The committee: the four seated experts and the buyer's representative, by name (published with the result).
    const experts = await db.expert.findMany({ where: { id: { in: s.experts.filter((e) => e.role === "MEMBER").map((e) => e.expertId) } }, orderBy: { name: "asc" } });
    committee = [...experts.slice(0, 4).map((e) => e.name), "采购人代表"];
    const ranked = s.bidders.slice(0, 3);
    const lowest = ranked[0]!.priceFen;
    const other = [50.5, 49.0, 47.0];
    const outcome: EvaluationOutcome = {
      lotId,
      method: "COMPREHENSIVE",
      ranking: ranked.map((x, i) => ({
        bidId: x.bidId,
        bidderOrgId: x.orgId,
        bidderName: x.name,
        rank: i + 1,
        bidPriceFen: String(x.priceFen),
        totalScore: (priceScore(lowest, x.priceFen) + other[i]!).toFixed(2),
        evaluatedPriceFen: null,
      })),
      rejected: [{ bidId: s.bidders[3]!.bidId, bidderOrgId: s.bidders[3]!.orgId, bidderName: s.bidders[3]!.name, ground: "order87.art63", reason: "投标报价超过采购预算或最高限价（财政部87号令第六十三条）" }],
      committee: committee.map((name, i) => ({ name, kind: i < 4 ? ("EXPERT" as const) : ("BUYER_REPRESENTATIVE" as const), isChair: i === 0, signature: "SIGNED" as const, dissent: null })),
      reportDocumentId: null,
      reportSha256: "b".repeat(64),
      tieBreakRule: "lower price first (财政部87号令第五十五条)",
      completedAt: new Date().toISOString(),
    };
    expect(outcome.ranking.map((r) => r.totalScore)).toEqual(["90.50", "87.59", "84.27"]);
    await db.$transaction((tx) => saveEvaluationOutcome(tx, systemActor("evaluation"), outcome));
    expect(await status()).toBe("EVALUATED");
  });

  test("award → contract → filing → refunds → archive, from the award tab", async () => {
    staff = await b.page();
    await signIn(staff, "staff1", DEMO_PASSWORDS.STAFF, { totp: true });

    // No candidates publicity under 政府采购: no publish button; the award form offers the ranked suppliers.
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    await staff.getByTestId("award-form").waitFor();
    expect(await staff.locator("button[name=intent][value=publish]").count()).toBe(0);
    expect(await staff.locator("main").innerText()).not.toContain("中标候选人公示");
    // …nor in the step bar (the phase table's road for this profile).
    expect(await staff.locator(".lot-steps").innerText()).not.toContain("公示");
    expect(await staff.locator(".lot-steps").innerText()).toContain("定标");
    await staffAct("award");
    expect(await status()).toBe("AWARDED");
    const award = await db.award.findUniqueOrThrow({ where: { lotId } });
    expect(award.winnerBidId).toBe(s.bidders[0]!.bidId);
    // The amount reads once as money (no "¥… 元").
    expect(await staff.getByTestId("award-winner").innerText()).toContain("中标价 ¥820,000.00，");
    expect(award.reportDueAt).toBeNull();
    expect(await db.candidatesPublicity.count({ where: { lotId } })).toBe(0);
    // The notices: one 中标通知书, three 中标结果通知书 (two ranked, one rejected), each rendered by the worker.
    expect(await db.awardNotice.count({ where: { lotId, kind: "WINNER" } })).toBe(1);
    expect(await db.awardNotice.count({ where: { lotId, kind: "RESULT" } })).toBe(3);
    await poll(() => staff.reload().then(() => staff.getByTestId("notices").locator("a").count())).toBe(4);
    // The result announcement names the committee (实施条例 art. 43).
    const result = await db.announcement.findFirstOrThrow({ where: { lotId, kind: "RESULT" } });
    for (const name of committee) expect(result.body).toContain(name);
    // The losing suppliers' bonds are due 5 working days after the award notice, before any contract (art. 33).
    const early = await db.bondRefund.findMany({ where: { lotId } });
    expect(early.map((r) => r.bidId).sort()).toEqual(s.bidders.slice(1).map((x) => x.bidId).sort());
    expect(await staff.getByTestId("refund-register").locator("tbody tr").count()).toBe(3);
    expect(await staff.locator("main").innerText()).toContain("未中标供应商的投标保证金自中标通知书发出之日起");

    // The signed contract: PDF, amount, dates, 10 % performance bond.
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    const form = staff.getByTestId("contract-form");
    await form.locator("#file").setInputFiles({ name: "政府采购合同.pdf", mimeType: "application/pdf", buffer: PDF });
    await form.locator("#performanceBondYuan").fill("82000");
    await form.locator("#signedOn").fill(today());
    await form.locator("#startsOn").fill(today());
    await form.locator("#endsOn").fill("2027-12-31");
    await staff.locator("button[name=intent][value=contract]").click();
    await staff.waitForURL((u) => u.searchParams.get("done") === "contract", { timeout: 60_000 });
    expect(await status()).toBe("CONTRACTED");
    const sha = createHash("sha256").update(PDF).digest("hex");
    const facts = await staff.getByTestId("contract-facts").innerText();
    expect(facts).toContain(sha);
    expect(facts).toContain("820,000.00");
    expect(facts).toContain("82,000.00");
    const contract = await db.contract.findUniqueOrThrow({ where: { lotId } });
    expect(contract.publishDueAt).not.toBeNull();
    expect(contract.filingDueAt).not.toBeNull();
    // Published at once (art. 50): the contract announcement exists.
    expect(await db.announcement.count({ where: { lotId, kind: "CONTRACT" } })).toBe(1);
    expect(await db.bondRefund.count({ where: { lotId } })).toBe(4);
    await staff.getByTestId("contract-facts").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-gp-contract");

    // Bad input specific to 政府采购: an empty filing reference — its own message next to the form, nothing filed.
    await refused("filing", "请填写财政部门备案编号");
    expect((await db.contract.findUniqueOrThrow({ where: { lotId } })).filedAt).toBeNull();
    await staff.getByTestId("award-errors").scrollIntoViewIfNeeded();
    await shotBoth(b, staff, "award-gp-filing-refused");

    // Every refund, from its row of the register.
    await refundEveryBond(staff, db, lotId, "ZC-E2E-");
    await expect.poll(() => staff.getByTestId("refunded").count()).toBe(4);
    // Money reads once as money (no "¥… 元").
    expect(await staff.getByTestId("refunded").first().innerText()).toMatch(/已退还 ¥10,000\.00（流水号 ZC-E2E-\d）$/);

    // The archive waits for the filing (政府采购法 art. 47): said before the click, refused after it, nothing queued.
    await staff.goto(url(`/staff/lots/${lotId}/award`));
    expect(await staff.getByTestId("archive-waits").innerText()).toContain("合同备案");
    await refused("archive", "记录合同备案后方可归档");
    expect(await db.lotArchive.count({ where: { lotId } })).toBe(0);

    // The filing with its reference.
    await staffAct("filing", (p) => p.locator("#filing-ref").fill("苏财采备〔2026〕0123号"));
    const filed = await db.contract.findUniqueOrThrow({ where: { lotId } });
    expect(filed.filingReference).toBe("苏财采备〔2026〕0123号");
    await expect.poll(() => staff.locator("main").innerText()).toContain("苏财采备〔2026〕0123号");

    // The archive: requested, built by the worker, the lot ARCHIVED, kept ≥ 15 years.
    await staffAct("archive");
    await expect.poll(() => staff.getByTestId("archive-status").innerText(), { timeout: 180_000, interval: 1000 }).toContain("已归档");
    expect(await status()).toBe("ARCHIVED");
    const archive = await db.lotArchive.findUniqueOrThrow({ where: { lotId } });
    expect(archive.retentionUntil.getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 15);
    const [download] = await Promise.all([staff.waitForEvent("download"), staff.getByTestId("archive-download").click()]);
    const zip = path.join(mkdtempSync(path.join(tmpdir(), "award-gp-e2e-")), "case-archive.zip");
    copyFileSync((await download.path())!, zip);
    expect(createHash("sha256").update(readFileSync(zip)).digest("hex")).toBe(archive.sha256);
    const out = execFileSync("npm", ["run", "--silent", "archive:verify", "--", zip], { cwd: path.resolve("."), encoding: "utf8" });
    expect(out).toContain("VERIFIED");
    expect(out).not.toContain("PROBLEM");
  }, 600_000);

  test("a visitor reads the result with the committee's names and the contract; OCDS has awards and contracts", async () => {
    const pub = await b.page();
    await pub.goto(url(`/tenders/${lotId}`));
    expect(await pub.locator("#candidates").count()).toBe(0);
    const result = await pub.getByTestId("public-result").innerText();
    expect(result).toContain(s.bidders[0]!.name);
    expect(result).toContain("820,000.00");
    for (const name of committee) expect(result).toContain(name);
    // The announcement itself: decided by the 采购人 (not the 招标人 of 工程), the committee named.
    expect(await pub.locator("main").innerText()).toContain("采购人确定，中标结果如下");
    const c = await pub.getByTestId("public-contract").innerText();
    expect(c).toContain("820,000.00");
    expect(c).toContain(createHash("sha256").update(PDF).digest("hex"));
    expect(c).toContain("2027年12月31日");
    expect(c).toContain("报财政部门备案");
    // The timeline ends in the archive (the award phase's instants follow the opening).
    await expect.poll(() => pub.locator(".timeline [aria-current=step]").innerText()).toContain("归档");
    // In the order it happened, a contract signed on the day of the award included.
    const steps = await pub.locator(".timeline .timeline__label").allInnerTexts();
    expect(steps.slice(-4)).toEqual(["投标截止 / 开标", "定标 / 中标公告", "合同签订", "归档"]);
    // 政府采购 contracts are public (art. 50): the file is downloadable.
    expect(await pub.getByTestId("public-contract").getByRole("link").count()).toBe(1);
    await pub.locator("#result").scrollIntoViewIfNeeded();
    await shotBoth(b, pub, "award-gp-public-result");

    const res = await fetch(url(`/api/v1/tenders/${lotId}/ocds`));
    expect(res.status).toBe(200);
    const pkg = (await res.json()) as { releases: { awards?: { suppliers: { name: string }[] }[]; contracts?: { value: { amount: number } }[] }[] };
    const validate = makeReleasePackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    const last = pkg.releases[pkg.releases.length - 1]!;
    expect(last.awards?.[0]?.suppliers[0]?.name).toBe(s.bidders[0]!.name);
    expect(last.contracts?.[0]?.value.amount).toBe(820000);
  }, 120_000);
});

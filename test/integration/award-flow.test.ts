import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { awardLot } from "~/domain/award/award-lot";
import { buildLotArchive } from "~/domain/award/build-lot-archive";
import { generateAwardNoticeDocument } from "~/domain/award/generate-award-notice-document";
import { publishCandidates } from "~/domain/award/publish-candidates";
import { raiseResultObjection } from "~/domain/award/raise-result-objection";
import { getStaffAward } from "~/domain/award/get-staff-award";
import { recordBondRefund } from "~/domain/award/record-bond-refund";
import { recordContract } from "~/domain/award/record-contract";
import { requestLotArchive } from "~/domain/award/request-lot-archive";
import { submitAwardReport } from "~/domain/award/submit-award-report";
import { verifyCaseArchive } from "~/domain/award/verify-case-archive";
import { systemActor } from "~/domain/actor";
import { fireScheduledTransition } from "~/domain/schedule/fire-scheduled-transition";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { answerObjection } from "~/domain/tenders/answer-objection";
import { getPublicTenderOcds } from "~/domain/tenders/get-public-tender-ocds";
import { fenToYuanInput } from "~/lib/money";
import { getStorage, LocalDiskStorage } from "~/lib/storage.server";
import { makeReleasePackageValidator } from "../ocds-schema/validator";
import { centreToday } from "../support/dates";
import { useEvaluatedLot } from "./award-fixtures";
import { makeOrg, makeUser, PDF_BYTES } from "./tenders-fixtures";

/**
 * 工程 lot from EVALUATED to ARCHIVED through the award domain: publicity that ends by itself, an objection
 * that pauses the award, the first-ranked winner, notices, contract, refunds, archive that verifies; with the
 * bad inputs of the award half refused without changing anything.
 */
const { db, h, status } = await useEvaluatedLot();
const PDF = PDF_BYTES;
const today = centreToday;

async function firePending(kind: "PUBLICITY_END" | "AWARD_CLOCK_DUE") {
  const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: h.lot.id, kind, status: "PENDING" } });
  return fireScheduledTransition({ transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev });
}


describe("工程: candidates publicity, objection, award", () => {
  it("publishes the three ranked candidates with prices and scores; the period ends by itself", async () => {
    await expect(publishCandidates(h.bidders[0]!.actor, { lotId: h.lot.id })).rejects.toMatchObject({ status: 403 });
    const r = await publishCandidates(h.author, { lotId: h.lot.id });
    expect(await status()).toBe("CANDIDATES_PUBLICITY");
    const a = await db.announcement.findUniqueOrThrow({ where: { id: r.announcementId } });
    expect(a.kind).toBe("CANDIDATES");
    expect(a.body).toContain("第1名");
    expect(a.body).toContain("92.50");
    expect(a.body).not.toContain(h.outcome.rejected[0]!.bidderName);
    // ≥ 3 days (rule parameter), armed in the deadline engine.
    expect(r.publicity.endsAt.getTime() - r.publicity.startsAt.getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: h.lot.id, kind: "PUBLICITY_END" } });
    expect(row.dueAt.getTime()).toBe(r.publicity.endsAt.getTime());
    await expect(publishCandidates(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ status: 409 });
  });

  it("refuses the award while the publicity runs", async () => {
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[0]!.bidId })).rejects.toMatchObject({ code: "award:errors.publicityRunning" });
  });

  it("an objection by a bidder pauses the award until answered; outsiders cannot object", async () => {
    const outsiderOrg = await makeOrg(db, "BIDDER", "未投标公司");
    const outsider = await makeUser(db, outsiderOrg.id, "BIDDER", "外人");
    await expect(raiseResultObjection(outsider, { lotId: h.lot.id, text: "异议" })).rejects.toMatchObject({ code: "award:errors.notABidder" });
    await expect(raiseResultObjection(h.bidders[1]!.actor, { lotId: h.lot.id, text: "" })).rejects.toMatchObject({ status: 422 });
    const o = await raiseResultObjection(h.bidders[1]!.actor, { lotId: h.lot.id, text: "第一名业绩证明不实，请复核。" });
    expect(o.subject).toBe("RESULT");
    expect(await status()).toBe("SUSPENDED");
    // The period runs out while suspended: the engine holds the step.
    await db.candidatesPublicity.update({ where: { lotId: h.lot.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    await db.$transaction((tx) => scheduleLotTransitions(tx, h.lot.id));
    expect((await firePending("PUBLICITY_END")).outcome).toBe("HELD");
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[0]!.bidId })).rejects.toMatchObject({ code: "award:errors.pausedByObjection" });
    const ans = await answerObjection(h.author, { objectionId: o.id, answer: "经复核，业绩证明真实有效，维持评标结果。" });
    expect(ans.resumed).toBe(true);
    expect(await status()).toBe("CANDIDATES_PUBLICITY");
    // Released on resumption, the publicity end now applies.
    expect((await firePending("PUBLICITY_END")).outcome).toBe("APPLIED");
    expect((await db.candidatesPublicity.findUniqueOrThrow({ where: { lotId: h.lot.id } })).endedAt).not.toBeNull();
  });

  it("the first-ranked wins by default; another needs an art. 55 ground; never a second winner", async () => {
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[1]!.bidId })).rejects.toMatchObject({ code: "rules:violations.awardFirstRanked" });
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.rejectedBidder.bidId })).rejects.toMatchObject({ code: "award:errors.notACandidate" });
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: "not-a-uuid" })).rejects.toMatchObject({ status: 404 });
    expect(await db.award.count()).toBe(0);
    const r = await awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[0]!.bidId });
    expect(await status()).toBe("AWARDED");
    expect(r.notices).toHaveLength(4);
    expect(r.notices.filter((n) => n.kind === "WINNER")).toHaveLength(1);
    expect(r.notices.find((n) => n.bidId === h.rejectedBidder.bidId)?.rejectionReason).toContain("最高投标限价");
    expect(r.award.reportDueAt).not.toBeNull();
    await expect(awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[0]!.bidId })).rejects.toMatchObject({ code: "award:errors.alreadyAwarded" });
    const result = await db.announcement.findFirstOrThrow({ where: { lotId: h.lot.id, kind: "RESULT" } });
    expect(result.body).toContain(r.award.winnerName);
    // 工程: the experts' names stay out of the result announcement.
    expect(result.body).not.toContain("张评委");
    const clocks = await db.scheduledTransition.findMany({ where: { lotId: h.lot.id, kind: "AWARD_CLOCK_DUE", status: "PENDING" } });
    expect(clocks.map((c) => c.refId).sort()).toEqual(["contract", "report"]);
    expect(await db.notification.count({ where: { template: { startsWith: "award:notify." } } })).toBeGreaterThan(0);
  });

  it("renders each notice: 中标通知书 for the winner, 中标结果通知书 with rank/score or rejection reason for the others", async () => {
    const notices = await db.awardNotice.findMany({ where: { lotId: h.lot.id } });
    for (const n of notices) await generateAwardNoticeDocument(systemActor("test"), { noticeId: n.id });
    const storage = getStorage() as LocalDiskStorage;
    const text = async (noticeKind: "WINNER" | "RESULT", rejected: boolean) => {
      const n = (await db.awardNotice.findMany({ where: { lotId: h.lot.id, kind: noticeKind } })).find((x) => !!x.rejectionReason === rejected)!;
      const d = await db.document.findUniqueOrThrow({ where: { id: n.documentId! } });
      expect(d.ownerOrgId).toBe(n.bidderOrgId);
      expect(d.public).toBe(false);
      return execFileSync("pdftotext", ["-layout", storage.localPath(d.storageKey), "-"]).toString();
    };
    expect(await text("WINNER", false)).toContain("中标通知书");
    const other = await text("RESULT", false);
    expect(other).toContain("中标结果通知书");
    expect(other).toMatch(/第 [23] 名/);
    expect(await text("RESULT", true)).toContain("否决投标");
  });

  it("a late written report raises a red alert from the deadline engine; recording it stops the clock", async () => {
    await db.award.update({ where: { lotId: h.lot.id }, data: { reportDueAt: new Date(Date.now() - 1000) } });
    await db.$transaction((tx) => scheduleLotTransitions(tx, h.lot.id));
    const row = await db.scheduledTransition.findFirstOrThrow({ where: { lotId: h.lot.id, kind: "AWARD_CLOCK_DUE", refId: "report", status: "PENDING" } });
    expect((await fireScheduledTransition({ transitionId: row.id, dueAtMs: row.dueAt.getTime(), rev: row.rev })).outcome).toBe("ALERTED");
    expect(await db.alert.count({ where: { lotId: h.lot.id, kind: "AWARD_CLOCK_OVERDUE" } })).toBe(1);
    await expect(submitAwardReport(h.author, { lotId: h.lot.id, text: "" })).rejects.toMatchObject({ status: 422 });
    await submitAwardReport(h.author, { lotId: h.lot.id, text: "招标投标情况书面报告：依法招标，评标委员会推荐，确定第一名为中标人。" });
    await expect(submitAwardReport(h.author, { lotId: h.lot.id, text: "again" })).rejects.toMatchObject({ code: "award:errors.alreadyReported" });
  });
});

describe("工程: contract, refunds, archive", () => {
  const base = () => ({ lotId: h.lot.id, amountYuan: "880,000.00", performanceBondYuan: "88000", signedOn: today(), startsOn: today(), endsOn: "2027-12-31", changeReason: null });

  it("refuses bad contract input and changes nothing", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ file: null }, "award:errors.fileRequired"],
      [{ file: { name: "c.docx", bytes: Buffer.from("PK\u0003\u0004 not a pdf") } }, "award:errors.notAPdf"],
      [{ file: { name: "big.pdf", bytes: Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]) } }, "award:errors.fileTooLarge"],
      [{ amountYuan: "abc" }, "award:errors.invalidAmount"],
      [{ signedOn: "2026-02-30" }, "award:errors.invalidDate"],
      [{ endsOn: "2020-01-01" }, "award:errors.endsBeforeStart"],
      [{ performanceBondYuan: "88000.01" }, "rules:violations.performanceBondMaxPercent"],
      [{ performanceBondYuan: "八万" }, "award:errors.invalidAmount"],
      [{ performanceBondYuan: "-1" }, "award:errors.invalidAmount"],
      [{ amountYuan: "900000" }, "rules:violations.contractMatchesAward"],
    ];
    for (const [over, code] of bad) {
      await expect(recordContract(h.author, { ...base(), file: { name: "合同.pdf", bytes: PDF }, ...over } as never), code).rejects.toMatchObject({ code });
    }
    expect(await db.contract.count()).toBe(0);
    expect(await status()).toBe("AWARDED");
  });

  it("records the contract (hash kept), opens the refund register; the lot is CONTRACTED", async () => {
    // The performance bond is optional (实施条例 art. 58: only when the tender documents ask for one): left
    // empty in the form it means none, recorded as 0, not a refused amount.
    const r = await recordContract(h.author, { ...base(), performanceBondYuan: "  ", file: { name: "施工合同.pdf", bytes: PDF } });
    expect(r.contract.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.contract.performanceBondFen).toBe(0n);
    expect(await status()).toBe("CONTRACTED");
    const refunds = await db.bondRefund.findMany({ where: { lotId: h.lot.id } });
    expect(refunds).toHaveLength(4);
    // The bank guarantee earns no interest.
    expect(refunds.find((x) => x.rateBp === 0)).toBeDefined();
    await expect(recordContract(h.author, { ...base(), file: { name: "x.pdf", bytes: PDF } })).rejects.toMatchObject({ code: "award:errors.contractExists" });
  });

  it("archive waits for every refund; a refund above bond + interest is refused", async () => {
    await expect(requestLotArchive(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ code: "award:errors.refundsOutstanding" });
    const refunds = await db.bondRefund.findMany({ where: { lotId: h.lot.id } });
    await expect(recordBondRefund(h.author, { refundId: refunds[0]!.id, refundedOn: today(), amountYuan: "10000.01", reference: "YH-1" })).rejects.toMatchObject({
      code: "rules:violations.bondRefundInterest",
    });
    await expect(recordBondRefund(h.author, { refundId: refunds[0]!.id, refundedOn: "2099-01-01", amountYuan: "10000", reference: "YH-1" })).rejects.toMatchObject({ code: "award:errors.refundInFuture" });
    await expect(recordBondRefund(h.author, { refundId: refunds[0]!.id, refundedOn: today(), amountYuan: "10000", reference: "" })).rejects.toMatchObject({ code: "award:errors.referenceRequired" });
    // What the register offers for a refund today (bond + interest to today) is accepted as it stands; the
    // interest to the due day (what it offered before) is more than a refund today owes.
    const offered = (await getStaffAward(h.author, { lotId: h.lot.id })).refunds;
    const cash = offered.find((x) => x.rateBp > 0 && x.interestFen > x.interestTodayFen)!;
    expect(cash).toBeDefined();
    await expect(recordBondRefund(h.author, { refundId: cash.id, refundedOn: today(), amountYuan: fenToYuanInput(cash.bondFen + cash.interestFen), reference: "YH-X" })).rejects.toMatchObject({
      code: "rules:violations.bondRefundInterest",
    });
    for (const [i, r] of offered.entries()) {
      const after = await recordBondRefund(h.author, { refundId: r.id, refundedOn: today(), amountYuan: fenToYuanInput(r.offerFen), reference: `YH-2026-${i}` });
      expect(after.refundedFen).toBe(after.bondFen + after.interestFen);
    }
    await expect(recordBondRefund(h.author, { refundId: refunds[0]!.id, refundedOn: today(), amountYuan: "10000", reference: "again" })).rejects.toMatchObject({ code: "award:errors.alreadyRefunded" });
  });

  it("archive waits for the written report to the supervisor (招标投标法 art. 47); refused, nothing changes", async () => {
    // Every refund is made; only the report is missing (taken back here, put back after).
    const award = await db.award.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    await db.award.update({ where: { lotId: h.lot.id }, data: { reportedAt: null } });
    const err = await requestLotArchive(h.author, { lotId: h.lot.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "rules:violations.archiveAfterReport", status: 422 });
    expect((err as { params: Record<string, unknown> }).params).toMatchObject({ context: "CONSTRUCTION_report", articleZh: "招标投标法第四十七条" });
    expect(await db.lotArchive.count({ where: { lotId: h.lot.id } })).toBe(0);
    expect(await status()).toBe("CONTRACTED");
    await db.award.update({ where: { lotId: h.lot.id }, data: { reportedAt: award.reportedAt } });
  });

  it("builds the case archive: every document, sealed bid, record and the audit extract, hash-listed; verifies offline; lot ARCHIVED", async () => {
    const req = await requestLotArchive(h.author, { lotId: h.lot.id });
    expect(req.retentionUntil.getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 15);
    const built = await buildLotArchive(h.lot.id);
    expect(built.status).toBe("DONE");
    expect(await status()).toBe("ARCHIVED");
    const storage = getStorage() as LocalDiskStorage;
    const zip = storage.localPath((built as { key: string }).key);
    const check = await verifyCaseArchive(zip);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    const names = JSON.parse(execFileSync("unzip", ["-p", zip, "manifest.json"]).toString()).entries.map((e: { name: string }) => e.name) as string[];
    expect(names.filter((n) => n.startsWith("bids/"))).toHaveLength(4);
    expect(names).toEqual(expect.arrayContaining(["records/evaluation-outcome.json", "records/award.json", "records/contract.json", "records/bond-refunds.json", "audit/audit-log.jsonl"]));
    expect(names.some((n) => n.startsWith("documents/award-notice/"))).toBe(true);
    expect(names.some((n) => n.startsWith("documents/contract/"))).toBe(true);
    // The CLI: 0 for the archive, 1 for a copy with one byte changed.
    const out = execFileSync("npx", ["tsx", "scripts/archive-verify.ts", zip], { cwd: path.resolve(".") }).toString();
    expect(out).toContain("VERIFIED");
    const bad = `${zip}.tampered.zip`;
    copyFileSync(zip, bad);
    const bytes = readFileSync(bad);
    const at = bytes.indexOf(Buffer.from("%PDF-1.4"));
    bytes[at + 5] = 0x39;
    writeFileSync(bad, bytes);
    expect((await verifyCaseArchive(bad)).ok).toBe(false);
  });

  it("OCDS gains awards and contracts and still validates", async () => {
    const pkg = await getPublicTenderOcds(h.lot.id, { ocidPrefix: "ocds-ggzy01", baseUrl: "https://ggzy.example.gov.cn", publisherName: "示范中心" });
    const validate = makeReleasePackageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    const last = pkg.releases[pkg.releases.length - 1]!;
    expect(last.awards?.[0]?.suppliers[0]?.name).toBe(h.outcome.ranking[0]!.bidderName);
    expect(last.contracts?.[0]?.value.amount).toBe(880000);
  });
});

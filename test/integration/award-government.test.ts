import { describe, expect, it } from "vitest";
import { awardLot } from "~/domain/award/award-lot";
import { ruleDueAt } from "~/domain/rules/rule-param";
import { publishCandidates } from "~/domain/award/publish-candidates";
import { recordContract } from "~/domain/award/record-contract";
import { recordContractFiling } from "~/domain/award/record-contract-filing";
import { requestLotArchive } from "~/domain/award/request-lot-archive";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { centreToday } from "../support/dates";
import { useEvaluatedLot } from "./award-fixtures";
import { PDF_BYTES } from "./tenders-fixtures";

/**
 * 政府采购 lot from EVALUATED to the archive request through the award domain: no candidates publicity (the
 * award comes straight from the report, 政府采购法实施条例 art. 43); the losing suppliers' bonds are due 5
 * working days after the award notice (art. 33), the winner's after the contract; the contract is published
 * (art. 50) and must be filed (政府采购法 art. 47) before the archive; a bad filing changes nothing.
 */
const { db, h, status } = await useEvaluatedLot({ profile: "GOVERNMENT_PROCUREMENT" });
const PDF = PDF_BYTES;
const today = centreToday;
const ctx = async () => ({ profile: "GOVERNMENT_PROCUREMENT" as const, rules: await loadTenderRules(db) });


describe("政府采购: award, refunds, contract, filing", () => {
  it("has no candidates publicity; the award opens the losing suppliers' refunds, due 5 working days after the notice", async () => {
    await expect(publishCandidates(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ code: "award:errors.noPublicityInProcurement" });
    const { award } = await awardLot(h.author, { lotId: h.lot.id, winnerBidId: h.ranked[0]!.bidId });
    expect(await status()).toBe("AWARDED");
    // The result announcement: decided by the 采购人, with the committee's names (art. 43).
    const result = await db.announcement.findFirstOrThrow({ where: { lotId: h.lot.id, kind: "RESULT" } });
    expect(result.body).toContain("采购人确定");
    for (const m of h.outcome.committee) expect(result.body).toContain(m.name);
    const refunds = await db.bondRefund.findMany({ where: { lotId: h.lot.id } });
    // Every bidder but the winner: the two other ranked suppliers and the rejected one.
    expect(refunds.map((r) => r.bidId).sort()).toEqual(h.bidders.slice(1).map((b) => b.bidId).sort());
    const due = ruleDueAt(await ctx(), "bondRefundWithinDays", award.decidedAt);
    for (const r of refunds) expect(r.dueAt.toISOString()).toBe(due.toISOString());
    // The refunds clock runs in the deadline engine from the award, and the losers are told.
    expect(await db.scheduledTransition.count({ where: { lotId: h.lot.id, kind: "AWARD_CLOCK_DUE", refId: "refunds", status: "PENDING" } })).toBe(1);
    expect(await db.notification.count({ where: { template: "award:notify.refundDueAtAward", entityId: h.lot.id } })).toBeGreaterThan(0);
  });

  it("the contract adds the winner's refund, due after signing; the others keep their due day; the contract is published", async () => {
    const before = await db.bondRefund.findMany({ where: { lotId: h.lot.id }, orderBy: { bidId: "asc" } });
    await recordContract(h.author, { lotId: h.lot.id, amountYuan: "880000", performanceBondYuan: "88000", signedOn: today(), startsOn: today(), endsOn: "2027-12-31", file: { name: "合同.pdf", bytes: PDF } });
    expect(await status()).toBe("CONTRACTED");
    const after = await db.bondRefund.findMany({ where: { lotId: h.lot.id }, orderBy: { bidId: "asc" } });
    expect(after).toHaveLength(4);
    for (const r of before) expect(after.find((x) => x.id === r.id)?.dueAt.toISOString()).toBe(r.dueAt.toISOString());
    const contract = await db.contract.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    const winner = after.find((r) => r.bidId === h.ranked[0]!.bidId)!;
    expect(winner.dueAt.toISOString()).toBe(ruleDueAt(await ctx(), "bondRefundWithinDays", contract.signedAt).toISOString());
    expect(await db.announcement.count({ where: { lotId: h.lot.id, kind: "CONTRACT" } })).toBe(1);
    expect(contract.filingDueAt).not.toBeNull();
  });

  it("an empty filing reference is refused with the filing's own message, nothing recorded; the archive waits for the filing", async () => {
    await expect(recordContractFiling(h.author, { lotId: h.lot.id, reference: "  " })).rejects.toMatchObject({ code: "award:errors.filingReferenceRequired", status: 422 });
    expect((await db.contract.findUniqueOrThrow({ where: { lotId: h.lot.id } })).filedAt).toBeNull();
    await db.bondRefund.updateMany({ where: { lotId: h.lot.id }, data: { refundedOn: new Date(), refundedFen: 10_000_00n, reference: "YH" } });
    await expect(requestLotArchive(h.author, { lotId: h.lot.id })).rejects.toMatchObject({ code: "rules:violations.archiveAfterReport", status: 422 });
    expect(await db.lotArchive.count({ where: { lotId: h.lot.id } })).toBe(0);
    const filed = await recordContractFiling(h.author, { lotId: h.lot.id, reference: "苏财采备〔2026〕0123号" });
    expect(filed.filingReference).toBe("苏财采备〔2026〕0123号");
    await expect(recordContractFiling(h.author, { lotId: h.lot.id, reference: "again" })).rejects.toMatchObject({ code: "award:errors.alreadyFiled" });
    const archive = await requestLotArchive(h.author, { lotId: h.lot.id });
    expect(archive.status).toBe("QUEUED");
    expect(archive.retentionUntil.getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 15);
  });
});

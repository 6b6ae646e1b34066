import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getStatistics, statisticsCsv } from "~/domain/supervision/get-statistics";
import type { ProcurementType } from "~/generated/prisma/enums";
import { useTestDb } from "../support/db";
import { insertPublishedLot, seedParties } from "./tenders-fixtures";

/**
 * The statistics dashboard's savings (budget − award price, by month of the award and procurement type)
 * and the on-time rates of the award clocks, on known rows: three awarded lots (two 工程 in one month, one
 * 政府采购 in another), one cancelled lot with bond refunds.
 */
const { db } = await useTestDb();
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function awardedLot(
  p: Awaited<ReturnType<typeof seedParties>>,
  o: { type: ProcurementType; budgetFen: bigint; priceFen: bigint; decidedAt: Date; report?: { dueAt: Date; at: Date | null }; contract?: { signedAt: Date } | null; filing?: { dueAt: Date; at: Date | null } },
) {
  const lot = await insertPublishedLot(db, { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! }, { docsTo: ago(90), deadline: ago(60), docsFrom: ago(100) });
  await db.project.update({ where: { id: lot.projectId }, data: { procurementType: o.type } });
  await db.lot.update({ where: { id: lot.id }, data: { estimatedPriceFen: o.budgetFen, ceilingPriceFen: o.budgetFen, status: o.contract ? "CONTRACTED" : "AWARDED" } });
  await db.award.create({
    data: {
      lotId: lot.id, winnerBidId: randomUUID(), winnerOrgId: p.bidderOrg.id, winnerName: p.bidderOrg.name, winnerRank: 1, priceFen: o.priceFen, decidedById: p.author.userId!,
      decidedAt: o.decidedAt, reportDueAt: o.report?.dueAt ?? null, reportedAt: o.report?.at ?? null, contractDueAt: new Date(o.decidedAt.getTime() + 30 * DAY),
    },
  });
  if (o.contract) {
    await db.contract.create({
      data: {
        lotId: lot.id, documentId: randomUUID(), sha256: "c".repeat(64), fileName: "c.pdf", amountFen: o.priceFen, performanceBondFen: 0n, signedAt: o.contract.signedAt,
        startsOn: o.contract.signedAt, endsOn: new Date(o.contract.signedAt.getTime() + 300 * DAY), recordedById: p.author.userId!, recordedAt: o.contract.signedAt,
        filingDueAt: o.filing?.dueAt ?? null, filedAt: o.filing?.at ?? null,
      },
    });
  }
  return lot;
}

async function refund(lotId: string, orgId: string, dueAt: Date, refundedOn: string | null) {
  await db.bondRefund.create({
    data: { lotId, bidId: randomUUID(), bidderOrgId: orgId, bidderName: "某公司", bondFen: 10_000_00n, rateBp: 35, dueAt, refundedOn: refundedOn ? new Date(`${refundedOn}T00:00:00Z`) : null },
  });
}
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe("statistics: savings and on-time rates of the award clocks", () => {
  it("sums budget − award price by month and type, and counts each clock per lot", async () => {
    const p = await seedParties(db);
    // Two 工程 lots awarded 40 days ago (same month, Shanghai), one 政府采购 lot 100 days ago.
    const m1 = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 10, 4));
    const m2 = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 3, 10, 4));
    // Report on time, contract on time, both refunds on their due day.
    const a = await awardedLot(p, {
      type: "CONSTRUCTION", budgetFen: 10_000_000_00n, priceFen: 9_200_000_00n, decidedAt: m1,
      report: { dueAt: new Date(m1.getTime() + 15 * DAY), at: new Date(m1.getTime() + 5 * DAY) }, contract: { signedAt: new Date(m1.getTime() + 20 * DAY) },
    });
    const due = new Date(m1.getTime() + 25 * DAY);
    await refund(a.id, p.bidderOrg.id, due, shanghaiDay(due));
    await refund(a.id, p.otherBidderOrg.id, due, shanghaiDay(due));
    // Report late, contract late; one refund a day late.
    const b = await awardedLot(p, {
      type: "CONSTRUCTION", budgetFen: 5_000_000_00n, priceFen: 4_950_000_00n, decidedAt: new Date(m1.getTime() + DAY),
      report: { dueAt: new Date(m1.getTime() + 16 * DAY), at: new Date(m1.getTime() + 17 * DAY) }, contract: { signedAt: new Date(m1.getTime() + 33 * DAY) },
    });
    const dueB = new Date(m1.getTime() + 36 * DAY);
    await refund(b.id, p.bidderOrg.id, dueB, shanghaiDay(dueB));
    await refund(b.id, p.otherBidderOrg.id, dueB, shanghaiDay(new Date(dueB.getTime() + DAY)));
    // 政府采购: no report clock; no contract yet but its 30 days are over (late); filing not counted (no contract).
    await awardedLot(p, { type: "GOVERNMENT_PROCUREMENT", budgetFen: 2_000_000_00n, priceFen: 1_700_000_00n, decidedAt: m2, contract: null });
    // A cancelled lot's refund still open past its due instant: late. Another whose due day has not come: not counted.
    const c = await insertPublishedLot(db, { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! }, { docsTo: ago(20), deadline: ago(10), docsFrom: ago(30) });
    await refund(c.id, p.bidderOrg.id, ago(2), null);
    const d = await insertPublishedLot(db, { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! }, { docsTo: ago(20), deadline: ago(10), docsFrom: ago(30) });
    await refund(d.id, p.bidderOrg.id, new Date(Date.now() + 3 * DAY), null);

    const s = await getStatistics(p.supervisor);
    const month = (x: Date) => new Date(x.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    expect(s.savings).toEqual([
      { month: month(m2), type: "GOVERNMENT_PROCUREMENT", lots: 1, budgetFen: "200000000", awardFen: "170000000", savedFen: "30000000" },
      { month: month(m1), type: "CONSTRUCTION", lots: 2, budgetFen: "1500000000", awardFen: "1415000000", savedFen: "85000000" },
    ]);
    expect(s.awardClocks).toEqual([
      { clock: "report", due: 2, onTime: 1 },
      { clock: "contract", due: 3, onTime: 1 },
      { clock: "contractFiling", due: 0, onTime: 0 },
      { clock: "refunds", due: 3, onTime: 1 },
    ]);
    const csv = statisticsCsv(s);
    expect(csv).toContain(`savedFen,${month(m1)},CONSTRUCTION,85000000`);
    expect(csv).toContain("awardClockOnTime,refunds,,1");
  });
});

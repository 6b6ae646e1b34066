import type { Tx } from "~/lib/db.server";

/** The award phase's instants the deadline engine watches for a lot (planTransitions turns them into rows). */
export interface AwardClocks {
  /** 中标候选人公示 end, while not yet ended. */
  publicityEndsAt: Date | null;
  /** Clocks still running: refId → due instant (report, contract, contractFiling, refunds). */
  clocks: { refId: AwardClockId; dueAt: Date }[];
}

export type AwardClockId = "report" | "contract" | "contractFiling" | "refunds";

export async function loadAwardClocks(tx: Tx, lotId: string): Promise<AwardClocks> {
  const [publicity, award, contract, refund] = await Promise.all([
    tx.candidatesPublicity.findUnique({ where: { lotId }, select: { endsAt: true, endedAt: true } }),
    tx.award.findUnique({ where: { lotId }, select: { reportDueAt: true, reportedAt: true, contractDueAt: true } }),
    tx.contract.findUnique({ where: { lotId }, select: { filingDueAt: true, filedAt: true } }),
    tx.bondRefund.findFirst({ where: { lotId, refundedOn: null }, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
  ]);
  const clocks: AwardClocks["clocks"] = [];
  if (award?.reportDueAt && !award.reportedAt) clocks.push({ refId: "report", dueAt: award.reportDueAt });
  if (award && !contract) clocks.push({ refId: "contract", dueAt: award.contractDueAt });
  if (contract?.filingDueAt && !contract.filedAt) clocks.push({ refId: "contractFiling", dueAt: contract.filingDueAt });
  if (refund) clocks.push({ refId: "refunds", dueAt: refund.dueAt });
  return { publicityEndsAt: publicity && !publicity.endedAt ? publicity.endsAt : null, clocks };
}

import { DomainError } from "~/domain/errors";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

/** Lot states in which experts may be drawn: after publication, before the evaluation starts. */
export const DRAWABLE_LOT_STATES: readonly LotStatus[] = ["PUBLISHED", "BIDDING_CLOSED", "OPENING"];
/** Lot states in which the result is final: the draw proof is revealed even if staff did not mark it. */
export const RESULT_FINAL_LOT_STATES: readonly LotStatus[] = ["CANDIDATES_PUBLICITY", "AWARDED", "ARCHIVED"];

/**
 * The parties of a lot as avoidance needs them: organisations' credit codes (compared with experts'
 * employers) and the accounts of everyone on the project's side (compared with experts' own accounts).
 */
export async function loadDrawParties(tx: Tx, lotId: string) {
  const lot = await tx.lot.findUnique({ where: { id: lotId }, include: { project: true } });
  if (!lot) throw new DomainError("experts:errors.lotNotFound", {}, 404);
  const regs = await tx.lotRegistration.findMany({ where: { lotId }, select: { bidderOrgId: true } });
  const bidderOrgIds = regs.map((r) => r.bidderOrgId);
  const partyOrgIds = [lot.project.buyerOrgId, ...(lot.project.agentOrgId ? [lot.project.agentOrgId] : []), ...bidderOrgIds];
  // Sequential: a transaction is one connection (pg refuses overlapping queries on it).
  const orgs = await tx.organisation.findMany({ where: { id: { in: partyOrgIds } }, select: { id: true, creditCode: true } });
  const users = await tx.user.findMany({ where: { orgId: { in: partyOrgIds } }, select: { id: true } });
  const cc = (ids: string[]) => orgs.filter((o) => ids.includes(o.id)).map((o) => o.creditCode);
  const projectUserIds = [
    ...new Set([lot.authorId, lot.reviewerId, lot.project.createdById, ...users.map((u) => u.id)].filter((x): x is string => !!x)),
  ];
  return {
    lot,
    project: lot.project,
    bidderCreditCodes: cc(bidderOrgIds),
    buyerCreditCodes: cc([lot.project.buyerOrgId]),
    agentCreditCodes: lot.project.agentOrgId ? cc([lot.project.agentOrgId]) : [],
    projectUserIds,
  };
}

export async function getDrawSettings(tx: Tx): Promise<{ sameBuyerDays: number; responseMinutes: number }> {
  const s = await tx.drawSetting.findUnique({ where: { id: 1 } });
  return { sameBuyerDays: s?.sameBuyerDays ?? 30, responseMinutes: s?.responseMinutes ?? 60 };
}

import type { ProfileId } from "~/domain/rules/types";
import { bondInterestFen } from "~/domain/rules/statutory/bond-refund-interest";
import type { TenderRules } from "~/domain/tenders/tender-rules";
import type { Tx } from "~/lib/db.server";
import { ruleParam } from "~/domain/rules/rule-param";

/**
 * Opens rows of a lot's bond refund register (保证金退还登记): one per active bid with a bond that has no row
 * yet and that `dueAtOf` gives a due instant for (null = not now). Cash bonds earn the centre's rate
 * (rule bondRefundInterest) from the bid's submission to the due day; guarantees none. Returns the rows
 * created (a row that already exists is left as it is).
 */
export async function openBondRefunds(
  tx: Tx,
  ctx: { profile: ProfileId; rules: TenderRules },
  lotId: string,
  dueAtOf: (bid: { id: string; bidderOrgId: string }) => Date | null,
) {
  const rateBp = Number(ruleParam(ctx, "bondRefundInterest").annualRateBp);
  const [bids, existing] = await Promise.all([
    tx.bid.findMany({ where: { lotId, status: "ACTIVE" }, select: { id: true, bidderOrgId: true, submittedAt: true, bond: true } }),
    tx.bondRefund.findMany({ where: { lotId }, select: { bidId: true } }),
  ]);
  const has = new Set(existing.map((r) => r.bidId));
  const open = bids.flatMap((b) => {
    const dueAt = b.bond && !has.has(b.id) ? dueAtOf(b) : null;
    return dueAt ? [{ b, bond: b.bond!, dueAt }] : [];
  });
  if (open.length === 0) return [];
  const orgs = new Map((await tx.organisation.findMany({ where: { id: { in: open.map((x) => x.b.bidderOrgId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const rows = open.map(({ b, bond, dueAt }) => {
    const cash = bond.method === "ACCOUNT_TRANSFER";
    return {
      lotId,
      bidId: b.id,
      bidderOrgId: b.bidderOrgId,
      bidderName: orgs.get(b.bidderOrgId) ?? "",
      bondFen: bond.amountFen,
      rateBp: cash ? rateBp : 0,
      interestFen: cash ? bondInterestFen(bond.amountFen, rateBp, daysBetween(b.submittedAt, dueAt)) : 0n,
      dueAt,
    };
  });
  await tx.bondRefund.createMany({ data: rows, skipDuplicates: true });
  return rows;
}

/** Whole days from the bond's arrival (the bid's submission) to `to`, at least 0. */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
}

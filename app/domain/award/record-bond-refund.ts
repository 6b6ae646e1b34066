import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { startOfShanghaiDay, toDateStr } from "~/domain/rules/dates";
import { formatYuan } from "~/lib/money";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { assertUuid, loadLotForUpdate } from "~/domain/tenders/load-lot";
import { maySeeBondPayers } from "~/domain/tenders/parties-revealed";
import { plainText } from "~/domain/tenders/lot-terms";
import { getDb } from "~/lib/db.server";
import { parseYuan } from "~/lib/money";
import { assertRule } from "./award-context";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { computeRefundInterest } from "./compute-refund-interest";
import { calendarDate } from "./record-contract";

export const BondRefundInputSchema = z.object({
  refundId: z.string(),
  refundedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amountYuan: z.string(),
  reference: plainText(64).pipe(z.string().min(1)),
});
export type BondRefundInput = z.input<typeof BondRefundInputSchema>;

/**
 * 保证金退还: staff record one refund of the register — date (not in the future), amount (at most bond +
 * interest to that day, rule bondRefundInterest) and the bank reference. Recorded once; the interest is
 * recomputed to the actual refund day (cash bonds only).
 */
export async function recordBondRefund(actor: Actor, input: BondRefundInput, now = new Date()) {
  assertCan(actor, "award.manage");
  const p = BondRefundInputSchema.safeParse(input);
  if (!p.success) {
    const field = String(p.error.issues[0]?.path[0] ?? "");
    throw new DomainError(field === "reference" ? "award:errors.referenceRequired" : "award:errors.invalidField", { field }, 422, field);
  }
  const v = p.data;
  assertUuid(v.refundId, "award:errors.refundNotFound");
  const day = calendarDate(v.refundedOn);
  if (!day) throw new DomainError("award:errors.invalidDate", {}, 422, "refundedOn");
  if (v.refundedOn > toDateStr(now)) throw new DomainError("award:errors.refundInFuture", {}, 422, "refundedOn");
  const amount = parseYuan(v.amountYuan);
  if (!amount.ok || amount.fen <= 0n) throw new DomainError("award:errors.invalidAmount", {}, 422, "amountYuan");
  return getDb().$transaction(async (tx) => {
    const r0 = await tx.bondRefund.findUnique({ where: { id: v.refundId }, select: { lotId: true } });
    if (!r0) throw new DomainError("award:errors.refundNotFound", {}, 404);
    const lot = await loadLotForUpdate(tx, r0.lotId, actor);
    // Refunds of a lot never opened are the centre's to record: the row names a bidder (art. 22).
    if (!(await maySeeBondPayers(tx, actor, lot))) throw new DomainError("award:errors.refundNotFound", {}, 404);
    const r = await tx.bondRefund.findUniqueOrThrow({ where: { id: v.refundId } });
    if (r.refundedOn) throw new DomainError("award:errors.alreadyRefunded", {}, 409);
    const bid = await tx.bid.findUniqueOrThrow({ where: { id: r.bidId }, select: { submittedAt: true } });
    const interestFen = computeRefundInterest(r, bid.submittedAt, v.refundedOn);
    const ctx = { profile: lot.project.procurementType, rules: await loadTenderRules(tx) };
    assertRule(ctx, "bondRefundInterest", { bondRefund: { contractSignedAt: r.dueAt, bondFen: r.bondFen, interestFen, refundedFen: amount.fen } }, now);
    const after = await tx.bondRefund.update({
      where: { id: r.id },
      data: { refundedOn: day, refundedFen: amount.fen, interestFen, reference: v.reference, recordedById: actor.userId, recordedAt: now },
    });
    await appendAudit(tx, actor, {
      action: "award.bond_refunded",
      entityType: "Lot",
      entityId: lot.id,
      before: r,
      after,
      detail: { bidder: r.bidderName, amount: formatYuan(amount.fen), interest: formatYuan(interestFen), reference: v.reference, late: startOfShanghaiDay(v.refundedOn) >= r.dueAt },
    });
    await scheduleLotTransitions(tx, lot.id, now);
    return after;
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import { ART55_GROUNDS } from "~/domain/rules/statutory/award-first-ranked";
import { assertUuid } from "~/domain/tenders/load-lot";
import { assertStaffScope } from "~/domain/tenders/staff-scope";
import { maySeeBondPayers } from "~/domain/tenders/parties-revealed";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { lotCancellation } from "~/domain/rules/statutory/lot-cancellation";
import { getDb } from "~/lib/db.server";
import { toDateStr } from "~/domain/rules/dates";
import { ruleParam } from "~/domain/rules/rule-param";
import { computeRefundInterest } from "./compute-refund-interest";

/**
 * The award workspace of one lot for the buyer's staff (and supervisors, read-only): the frozen outcome, the
 * publicity and its objections, the award and its notices, the contract, the refund register and the archive,
 * each with its clock. Names of the ranked bidders are public from the publicity on; the committee's names
 * are not shown here (they are in the report, for supervisors).
 */
export async function getStaffAward(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "award.read");
  assertUuid(input.lotId);
  const db = getDb();
  const lot = await db.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  await assertStaffScope(db, actor, lot.project);
  // A lot that ended before its opening (cancelled, failed) keeps its parties secret: no register rows.
  const partiesVisible = await maySeeBondPayers(db, actor, lot);
  const [outcome, publicity, award, notices, contract, refunds, archive, objections] = await Promise.all([
    getEvaluationOutcome(db, lot.id),
    db.candidatesPublicity.findUnique({ where: { lotId: lot.id } }),
    db.award.findUnique({ where: { lotId: lot.id } }),
    db.awardNotice.findMany({ where: { lotId: lot.id }, orderBy: [{ kind: "desc" }, { rank: "asc" }] }),
    db.contract.findUnique({ where: { lotId: lot.id } }),
    partiesVisible ? db.bondRefund.findMany({ where: { lotId: lot.id }, orderBy: { bidderName: "asc" } }) : [],
    db.lotArchive.findUnique({ where: { lotId: lot.id } }),
    db.objection.findMany({ where: { lotId: lot.id, subject: "RESULT" }, orderBy: { raisedAt: "asc" }, select: { id: true, raisedAt: true, answeredAt: true, answerDueAt: true } }),
  ]);
  const rules = await loadTenderRules(db);
  // Open rows offer what a refund today owes: bond + interest to today (the register's interestFen runs to
  // the due day, which a refund before it would exceed — and be refused).
  const today = toDateStr(now);
  const submitted = new Map(
    (await db.bid.findMany({ where: { id: { in: refunds.map((r) => r.bidId) } }, select: { id: true, submittedAt: true } })).map((b) => [b.id, b.submittedAt]),
  );
  const register = refunds.map((r) => {
    const interestTodayFen = r.refundedOn ? r.interestFen : computeRefundInterest(r, submitted.get(r.bidId) ?? r.dueAt, today);
    return { ...r, interestTodayFen, offerFen: r.bondFen + interestTodayFen };
  });
  const profile = lot.project.procurementType;
  return {
    lot: { id: lot.id, status: lot.status, suspendedFrom: lot.suspendedFrom, estimatedPriceFen: lot.estimatedPriceFen, profile },
    outcome: outcome
      ? {
          method: outcome.method,
          completedAt: outcome.completedAt,
          reportDocumentId: outcome.reportDocumentId,
          reportSha256: outcome.reportSha256,
          ranking: outcome.ranking.map((r) => ({ ...r, bidPriceFen: BigInt(r.bidPriceFen) })),
          rejected: outcome.rejected,
        }
      : null,
    publicity,
    objections,
    award,
    notices,
    contract,
    refunds: register,
    /** Before an opening the buyer's and agent's staff see no register (names and number are secret). */
    partiesSealed: !partiesVisible,
    archive,
    grounds: ART55_GROUNDS,
    interestRateBp: Number(ruleParam({ profile, rules }, "bondRefundInterest").annualRateBp),
    /**
     * Why the register's bonds are owed back: after the contract (the usual case), after 终止招标 (rule
     * lotCancellation: its article and period, from the cancellation notice), or after a 流标 (no contract).
     */
    refundBasis:
      lot.status === "CANCELLED"
        ? {
            cause: "CANCELLED" as const,
            article: lotCancellation.article[profile] ?? null,
            withinDays: Number(ruleParam({ profile, rules }, lotCancellation.id).withinDays),
            unit: String(ruleParam({ profile, rules }, lotCancellation.id).unit),
          }
        : lot.status === "FAILED"
          ? { cause: "FAILED" as const, article: null, withinDays: null, unit: null }
          : { cause: "CONTRACT" as const, article: null, withinDays: null, unit: null },
    performanceBondMaxPercent: Number(ruleParam({ profile, rules }, "performanceBondMaxPercent").maxPercent),
  };
}

export type StaffAward = Awaited<ReturnType<typeof getStaffAward>>;

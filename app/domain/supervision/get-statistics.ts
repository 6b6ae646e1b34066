import { CENTRE_TZ } from "~/lib/time";
import type { Actor } from "~/domain/actor";
import { assertCan, can } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";

export interface Statistics {
  /** month (YYYY-MM, Shanghai) × procurement type → lots published. */
  tendersByMonth: { month: string; type: string; lots: number; ceilingFen: string }[];
  biddersPerLot: { bidders: number; lots: number }[];
  outcomes: { ended: number; failed: number };
  alertsByKind: { kind: string; severity: string; count: number }[];
  transitions: { kind: string; fired: number; onTime: number }[];
  satisfaction: { score: number; count: number }[];
  /**
   * Savings (节约资金) of the lots awarded in the last 12 months, by month of the award (Shanghai) and
   * procurement type: budget (the lot's 预算/估算价, estimatedPriceFen) − award price (Award.priceFen, which
   * the contract must match). Fen as strings.
   */
  savings: { month: string; type: string; lots: number; budgetFen: string; awardFen: string; savedFen: string }[];
  /**
   * On-time rates of the award phase's clocks (app/domain/award/award-clocks.ts), per lot, last 12 months:
   * the 工程 written report (15 days), the contract (30 days, by its signing date), the 政府采购 contract
   * filing, and the bond refunds (every refund of the lot on or before its due day). A clock counts once it
   * fell due or its step was done; a step not done by its due instant counts as late.
   */
  awardClocks: { clock: "report" | "contract" | "contractFiling" | "refunds"; due: number; onTime: number }[];
}

/**
 * The statistics dashboard's figures, over the last 12 months, each one SQL aggregate (the tables are
 * indexed on the columns grouped here). Amounts are kept as strings of fen (bigint-safe for JSON).
 */
export async function getStatistics(actor: Actor): Promise<Statistics> {
  assertCan(actor, "statistics.read");
  const db = getDb();
  const [tenders, bidders, outcomes, alerts, transitions, ratings, savings, clocks, refunds] = await Promise.all([
    db.$queryRaw<{ month: string; type: string; lots: bigint; ceiling: bigint }[]>`
      SELECT to_char(l."publishedAt" AT TIME ZONE ${CENTRE_TZ}, 'YYYY-MM') AS month, p."procurementType"::text AS type,
             count(*) AS lots, coalesce(sum(l."ceilingPriceFen"), 0)::bigint AS ceiling
      FROM "Lot" l JOIN "Project" p ON p.id = l."projectId"
      WHERE l."publishedAt" >= now() - interval '12 months'
      GROUP BY 1, 2 ORDER BY 1, 2`,
    db.$queryRaw<{ bidders: bigint; lots: bigint }[]>`
      SELECT n AS bidders, count(*) AS lots FROM (
        SELECT l.id, count(DISTINCT b."bidderOrgId") AS n FROM "Lot" l
        LEFT JOIN "Bid" b ON b."lotId" = l.id AND b.status = 'ACTIVE'
        WHERE l."bidDeadline" < now() AND l."publishedAt" IS NOT NULL GROUP BY l.id) x
      GROUP BY n ORDER BY n`,
    db.$queryRaw<{ ended: bigint; failed: bigint }[]>`
      SELECT count(*) FILTER (WHERE status IN ('AWARDED', 'FAILED', 'ARCHIVED')) AS ended,
             count(*) FILTER (WHERE status = 'FAILED') AS failed FROM "Lot"`,
    // Alerts are internal to supervision (ADR 0013): counts only for those who read alerts.
    can(actor.role, "alert.read") ? db.alert.groupBy({ by: ["kind", "severity"], _count: { _all: true }, orderBy: { kind: "asc" } }) : [],
    db.$queryRaw<{ kind: string; fired: bigint; ontime: bigint }[]>`
      SELECT kind::text, count(*) AS fired, count(*) FILTER (WHERE "latenessMs" <= 1000) AS ontime
      FROM "ScheduledTransition" WHERE status = 'DONE' AND "latenessMs" IS NOT NULL GROUP BY kind ORDER BY kind`,
    db.satisfactionRating.groupBy({ by: ["score"], _count: { _all: true }, orderBy: { score: "asc" } }),
    db.$queryRaw<{ month: string; type: string; lots: bigint; budget: bigint; award: bigint }[]>`
      SELECT to_char(a."decidedAt" AT TIME ZONE ${CENTRE_TZ}, 'YYYY-MM') AS month, p."procurementType"::text AS type, count(*) AS lots,
             sum(l."estimatedPriceFen")::bigint AS budget, sum(a."priceFen")::bigint AS award
      FROM "Award" a JOIN "Lot" l ON l.id = a."lotId" JOIN "Project" p ON p.id = l."projectId"
      WHERE a."decidedAt" >= now() - interval '12 months'
      GROUP BY 1, 2 ORDER BY 1, 2`,
    db.$queryRaw<{ rdue: bigint; rok: bigint; cdue: bigint; cok: bigint; fdue: bigint; fok: bigint }[]>`
      SELECT count(*) FILTER (WHERE a."reportDueAt" IS NOT NULL AND (a."reportedAt" IS NOT NULL OR a."reportDueAt" < now())) AS rdue,
             count(*) FILTER (WHERE a."reportedAt" <= a."reportDueAt") AS rok,
             count(*) FILTER (WHERE c."lotId" IS NOT NULL OR a."contractDueAt" < now()) AS cdue,
             count(*) FILTER (WHERE c."signedAt" <= a."contractDueAt") AS cok,
             count(*) FILTER (WHERE c."filingDueAt" IS NOT NULL AND (c."filedAt" IS NOT NULL OR c."filingDueAt" < now())) AS fdue,
             count(*) FILTER (WHERE c."filedAt" <= c."filingDueAt") AS fok
      FROM "Award" a LEFT JOIN "Contract" c ON c."lotId" = a."lotId"
      WHERE a."decidedAt" >= now() - interval '12 months'`,
    // Refunds after a contract, a cancellation or a failure alike: a lot is on time when none of its due
    // refunds was late (refunded after its due day, Shanghai, or still open past it).
    db.$queryRaw<{ due: bigint; ok: bigint }[]>`
      SELECT count(*) AS due, count(*) FILTER (WHERE late = 0) AS ok FROM (
        SELECT "lotId", count(*) FILTER (WHERE "refundedOn" IS NULL OR "refundedOn" > ("dueAt" AT TIME ZONE ${CENTRE_TZ})::date) AS late
        FROM "BondRefund"
        WHERE "dueAt" >= now() - interval '12 months' AND ("refundedOn" IS NOT NULL OR "dueAt" < now())
        GROUP BY "lotId") x`,
  ]);
  const c = clocks[0];
  const rf = refunds[0];
  return {
    tendersByMonth: tenders.map((r) => ({ month: r.month, type: r.type, lots: Number(r.lots), ceilingFen: r.ceiling.toString() })),
    biddersPerLot: bidders.map((r) => ({ bidders: Number(r.bidders), lots: Number(r.lots) })),
    outcomes: { ended: Number(outcomes[0]?.ended ?? 0), failed: Number(outcomes[0]?.failed ?? 0) },
    alertsByKind: alerts.map((a) => ({ kind: a.kind, severity: a.severity, count: a._count._all })),
    transitions: transitions.map((r) => ({ kind: r.kind, fired: Number(r.fired), onTime: Number(r.ontime) })),
    satisfaction: ratings.map((r) => ({ score: r.score, count: r._count._all })),
    savings: savings.map((x) => ({
      month: x.month,
      type: x.type,
      lots: Number(x.lots),
      budgetFen: x.budget.toString(),
      awardFen: x.award.toString(),
      savedFen: (x.budget - x.award).toString(),
    })),
    awardClocks: [
      { clock: "report", due: Number(c?.rdue ?? 0), onTime: Number(c?.rok ?? 0) },
      { clock: "contract", due: Number(c?.cdue ?? 0), onTime: Number(c?.cok ?? 0) },
      { clock: "contractFiling", due: Number(c?.fdue ?? 0), onTime: Number(c?.fok ?? 0) },
      { clock: "refunds", due: Number(rf?.due ?? 0), onTime: Number(rf?.ok ?? 0) },
    ],
  };
}

/** The statistics as CSV tables one after another (section, key, sub-key, value), UTF-8 with BOM for Excel. */
export function statisticsCsv(s: Statistics): string {
  const rows: (string | number)[][] = [["section", "key", "detail", "value"]];
  for (const r of s.tendersByMonth) rows.push(["tendersByMonth", r.month, r.type, r.lots], ["ceilingFenByMonth", r.month, r.type, r.ceilingFen]);
  for (const r of s.biddersPerLot) rows.push(["biddersPerLot", r.bidders, "", r.lots]);
  rows.push(["outcomes", "ended", "", s.outcomes.ended], ["outcomes", "failed", "", s.outcomes.failed]);
  for (const r of s.alertsByKind) rows.push(["alertsByKind", r.kind, r.severity, r.count]);
  for (const r of s.transitions) rows.push(["transitionsFired", r.kind, "", r.fired], ["transitionsOnTime", r.kind, "", r.onTime]);
  for (const r of s.satisfaction) rows.push(["satisfaction", r.score, "", r.count]);
  for (const r of s.savings) rows.push(["budgetFen", r.month, r.type, r.budgetFen], ["awardFen", r.month, r.type, r.awardFen], ["savedFen", r.month, r.type, r.savedFen]);
  for (const r of s.awardClocks) rows.push(["awardClockDue", r.clock, "", r.due], ["awardClockOnTime", r.clock, "", r.onTime]);
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

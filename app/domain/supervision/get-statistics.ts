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
}

/**
 * The statistics dashboard's figures, over the last 12 months, each one SQL aggregate (the tables are
 * indexed on the columns grouped here). Amounts are kept as strings of fen (bigint-safe for JSON).
 */
export async function getStatistics(actor: Actor): Promise<Statistics> {
  assertCan(actor, "statistics.read");
  const db = getDb();
  const [tenders, bidders, outcomes, alerts, transitions, ratings] = await Promise.all([
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
  ]);
  return {
    tendersByMonth: tenders.map((r) => ({ month: r.month, type: r.type, lots: Number(r.lots), ceilingFen: r.ceiling.toString() })),
    biddersPerLot: bidders.map((r) => ({ bidders: Number(r.bidders), lots: Number(r.lots) })),
    outcomes: { ended: Number(outcomes[0]?.ended ?? 0), failed: Number(outcomes[0]?.failed ?? 0) },
    alertsByKind: alerts.map((a) => ({ kind: a.kind, severity: a.severity, count: a._count._all })),
    transitions: transitions.map((r) => ({ kind: r.kind, fired: Number(r.fired), onTime: Number(r.ontime) })),
    satisfaction: ratings.map((r) => ({ score: r.score, count: r._count._all })),
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
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

import { getDb, type Db } from "~/lib/db.server";
import { monthRange } from "./month-range";

export interface LeagueRow {
  rank: number;
  /** The organisation that ran the tenders rated: the agency (招标代理机构), or the buyer when it procured itself. */
  orgId: string;
  name: string;
  role: "AGENT" | "BUYER";
  ratings: number;
  /** Average score 1–5, two decimals. */
  average: number;
}

export interface League {
  month: string;
  units: LeagueRow[];
  byType: { type: string; ratings: number; average: number }[];
}

/** Competition ranking ("1224"): equal average and equal count share a rank. */
function rankRows<T extends { average: number; ratings: number }>(rows: T[]): (T & { rank: number })[] {
  return rows.map((r, i) => {
    let j = i;
    while (j > 0 && rows[j - 1]!.average === r.average && rows[j - 1]!.ratings === r.ratings) j--;
    return { ...r, rank: j + 1 };
  });
}

/**
 * The public monthly league table of service ratings (荣辱机制): bidders' 1–5 ratings given in a Shanghai
 * month, grouped by the organisation that ran each rated lot (its agency, else its buyer) and by
 * procurement type. Ordered by average, then by number of ratings, then by name. Public data only:
 * names, counts and averages — never comments or who rated.
 */
export async function getRatingLeague(input: { month: string }, db: Db = getDb()): Promise<League> {
  const { start, end } = monthRange(input.month);
  const [units, byType] = await Promise.all([
    db.$queryRaw<{ orgId: string; name: string; role: "AGENT" | "BUYER"; n: bigint; avg: string }[]>`
      SELECT o.id::text AS "orgId", o.name, CASE WHEN p."agentOrgId" IS NULL THEN 'BUYER' ELSE 'AGENT' END AS role,
             count(*) AS n, round(avg(r.score), 2)::text AS avg
      FROM "SatisfactionRating" r
      JOIN "Lot" l ON l.id = r."lotId" JOIN "Project" p ON p.id = l."projectId"
      JOIN "Organisation" o ON o.id = coalesce(p."agentOrgId", p."buyerOrgId")
      WHERE r."createdAt" >= ${start} AND r."createdAt" < ${end}
      GROUP BY 1, 2, 3 ORDER BY avg(r.score) DESC, count(*) DESC, o.name LIMIT 200`,
    db.$queryRaw<{ type: string; n: bigint; avg: string }[]>`
      SELECT p."procurementType"::text AS type, count(*) AS n, round(avg(r.score), 2)::text AS avg
      FROM "SatisfactionRating" r JOIN "Lot" l ON l.id = r."lotId" JOIN "Project" p ON p.id = l."projectId"
      WHERE r."createdAt" >= ${start} AND r."createdAt" < ${end}
      GROUP BY 1 ORDER BY avg(r.score) DESC, count(*) DESC`,
  ]);
  return {
    month: input.month,
    units: rankRows(units.map((u) => ({ orgId: u.orgId, name: u.name, role: u.role, ratings: Number(u.n), average: Number(u.avg) }))),
    byType: byType.map((t) => ({ type: t.type, ratings: Number(t.n), average: Number(t.avg) })),
  };
}

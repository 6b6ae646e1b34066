import type { Tx } from "~/lib/db.server";
import { canonicalCodes, poolDigest } from "./draw-algorithm";

/**
 * Who may be drawn, computed in one SQL statement (the benchmark runs it over 100 000 experts). Every
 * candidate holding a requested specialty is flagged with each avoidance reason (回避); the eligible are
 * those with none. Counts per reason go on the record; names never leave this function.
 */
export interface AvoidanceFacts {
  specialtyCodes: string[];
  /** 统一社会信用代码 of the bidders (registered organisations), the buyer and the agent. */
  bidderCreditCodes: string[];
  buyerCreditCodes: string[];
  agentCreditCodes: string[];
  /** Accounts of the project's staff and supervisors: avoided when linked to an expert. */
  projectUserIds: string[];
  /** Experts already in a draw of this lot (supplementary draws never call them again). */
  excludeExpertIds: string[];
  buyerOrgId: string;
  evaluationAt: Date;
  /** Drawn for the same buyer since this instant: avoided. */
  recentSince: Date;
}

export type AvoidanceCounts = Record<
  "candidates" | "inactive" | "bidder" | "buyer" | "agent" | "projectPeople" | "violation" | "leave" | "recent" | "alreadyInLot" | "eligible",
  number
>;

/** Leave counts as overlapping when it touches the evaluation day: the evaluation instant plus 12 hours. */
export const EVALUATION_SPAN_MS = 12 * 3_600_000;

interface CandidateRow {
  code: string;
  specs: string[];
  inactive: boolean;
  bidder: boolean;
  buyer: boolean;
  agent: boolean;
  projectPeople: boolean;
  violation: boolean;
  leave: boolean;
  recent: boolean;
  alreadyInLot: boolean;
}

// One round trip: every candidate with its requested specialties and a flag per reason. The small
// reason tables (violations, leave, recent draws) become hashed sets, so the cost is one index scan of
// ExpertSpecialty plus primary-key look-ups of the candidates, independent of the size of the whole pool.
const CANDIDATES_SQL = `
  WITH es AS MATERIALIZED (
         SELECT "expertId", array_agg("specialtyCode") AS specs FROM "ExpertSpecialty"
         WHERE "specialtyCode" = ANY($1::text[]) GROUP BY "expertId"),
       viol AS (SELECT "expertId" FROM "ExpertViolation" WHERE until IS NULL OR until > $8),
       lv AS (SELECT "expertId" FROM "ExpertLeave" WHERE "startsAt" < $9 AND "endsAt" > $8),
       recent AS (SELECT m."expertId" FROM "Draw" d JOIN "DrawMember" m ON m."drawId" = d.id
                  WHERE d."buyerOrgId" = $7::uuid AND d."drawnAt" >= $10
                    AND m.status IN ('NOTIFIED', 'CONFIRMED', 'DECLINED', 'TIMED_OUT'))
  SELECT e.code, es.specs,
         e.status <> 'ACTIVE' AS inactive,
         e."employerCreditCode" = ANY($2::text[]) AS bidder,
         e."employerCreditCode" = ANY($3::text[]) AS buyer,
         e."employerCreditCode" = ANY($4::text[]) AS agent,
         COALESCE(e."userId" = ANY($5::uuid[]), false) AS "projectPeople",
         e.id IN (SELECT "expertId" FROM viol) AS violation,
         e.id IN (SELECT "expertId" FROM lv) AS leave,
         e.id IN (SELECT "expertId" FROM recent) AS recent,
         e.id = ANY($6::uuid[]) AS "alreadyInLot"
  FROM "Expert" e JOIN es ON es."expertId" = e.id
  -- "= ANY(ARRAY(…))" makes the planner fetch candidates by primary key instead of scanning the pool.
  WHERE e.id = ANY(ARRAY(SELECT "expertId" FROM es))`;

const REASONS = ["inactive", "bidder", "buyer", "agent", "projectPeople", "violation", "leave", "recent", "alreadyInLot"] as const;

export async function eligiblePools(tx: Tx, f: AvoidanceFacts): Promise<{ pools: Map<string, string[]>; counts: AvoidanceCounts }> {
  const end = new Date(f.evaluationAt.getTime() + EVALUATION_SPAN_MS);
  const rows = await tx.$queryRawUnsafe<CandidateRow[]>(
    CANDIDATES_SQL,
    f.specialtyCodes, f.bidderCreditCodes, f.buyerCreditCodes, f.agentCreditCodes, f.projectUserIds, f.excludeExpertIds,
    f.buyerOrgId, f.evaluationAt, end, f.recentSince,
  );
  return tally(rows, f.specialtyCodes);
}

/** Pools (canonical) and per-reason counts from the flagged candidates (an expert may count for several reasons). */
export function tally(rows: readonly CandidateRow[], specialtyCodes: readonly string[]) {
  const counts = { candidates: rows.length, eligible: 0 } as AvoidanceCounts;
  for (const r of REASONS) counts[r] = 0;
  const lists = new Map<string, string[]>(specialtyCodes.map((c) => [c, []]));
  for (const row of rows) {
    let avoided = false;
    for (const r of REASONS) if (row[r]) { counts[r]++; avoided = true; }
    if (avoided) continue;
    counts.eligible++;
    for (const s of row.specs) lists.get(s)?.push(row.code);
  }
  const pools = new Map([...lists].map(([k, v]) => [k, canonicalCodes(v)]));
  return { pools, counts };
}

export const digestOfPool = poolDigest;

import type { Tx } from "~/lib/db.server";
import { canonicalCodes } from "./draw-algorithm";

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

export const REASONS = ["inactive", "bidder", "buyer", "agent", "projectPeople", "violation", "leave", "recent", "alreadyInLot"] as const;

/**
 * The avoidance reasons that change with time rather than with the pool (violation, leave, recently drawn
 * for the buyer), as expert-id queries over the given parameter placeholders. Shared with the cached
 * eligible sets (cached-eligible-pools.ts), which read them on every draw: one definition for both paths.
 */
export const avoidedNowSql = ($: { buyer: string; from: string; to: string; since: string }) => ({
  violation: `SELECT "expertId" FROM "ExpertViolation" WHERE until IS NULL OR until > ${$.from}`,
  leave: `SELECT "expertId" FROM "ExpertLeave" WHERE "startsAt" < ${$.to} AND "endsAt" > ${$.from}`,
  recent: `SELECT m."expertId" FROM "Draw" d JOIN "DrawMember" m ON m."drawId" = d.id
            WHERE d."buyerOrgId" = ${$.buyer}::uuid AND d."drawnAt" >= ${$.since}
              AND m.status IN ('NOTIFIED', 'CONFIRMED', 'DECLINED', 'TIMED_OUT')`,
});

/** The instants the time-bound reasons compare with: the evaluation, the end of its day, "recent" start. */
export const avoidanceWindow = (f: Pick<AvoidanceFacts, "evaluationAt" | "recentSince">) =>
  [f.evaluationAt, new Date(f.evaluationAt.getTime() + EVALUATION_SPAN_MS), f.recentSince] as const;

const NOW = avoidedNowSql({ buyer: "$7", from: "$8", to: "$9", since: "$10" });

const AVOIDED = REASONS.map((r) => `"${r}"`).join(" OR ");

// One round trip, and only the result crosses the wire. The candidates are read from ExpertPoolEntry (a
// trigger-maintained copy of (specialty, expert, the expert's compared fields), indexed on all its columns):
// one index-only range per requested specialty, no look-ups in Expert. Each row is flagged with every
// avoidance reason inside PostgreSQL (the parties' lists become hashed sets); what comes back is one row —
// per-reason counts over distinct experts (an expert may hold several requested specialties) and, per
// specialty, the codes with no reason at all. Shipping the ~7 000 flagged rows to Node and tallying there
// cost more than the scan itself.
const POOLS_SQL = `
  WITH viol AS (${NOW.violation}),
       lv AS (${NOW.leave}),
       recent AS (${NOW.recent}),
       x AS MATERIALIZED (
         SELECT p."specialtyCode" AS s, p."expertCode" AS code, p."expertId" AS id,
                p.status <> 'ACTIVE' AS inactive,
                p."employerCreditCode" IN (SELECT unnest($2::text[])) AS bidder,
                p."employerCreditCode" IN (SELECT unnest($3::text[])) AS buyer,
                p."employerCreditCode" IN (SELECT unnest($4::text[])) AS agent,
                COALESCE(p."userId" IN (SELECT unnest($5::uuid[])), false) AS "projectPeople",
                p."expertId" IN (SELECT "expertId" FROM viol) AS violation,
                p."expertId" IN (SELECT "expertId" FROM lv) AS leave,
                p."expertId" IN (SELECT "expertId" FROM recent) AS recent,
                p."expertId" IN (SELECT unnest($6::uuid[])) AS "alreadyInLot"
           FROM "ExpertPoolEntry" p WHERE p."specialtyCode" = ANY($1::text[])),
       e AS MATERIALIZED (
         SELECT ${REASONS.map((r) => `bool_or("${r}") AS "${r}"`).join(", ")} FROM x GROUP BY id)
  SELECT (SELECT json_build_object('candidates', count(*), 'eligible', count(*) FILTER (WHERE NOT (${AVOIDED})),
            ${REASONS.map((r) => `'${r}', count(*) FILTER (WHERE "${r}")`).join(", ")}) FROM e) AS counts,
         (SELECT COALESCE(json_object_agg(s, codes), '{}') FROM
            (SELECT s, array_agg(code) AS codes FROM x WHERE NOT (${AVOIDED}) GROUP BY s) y) AS pools`;

export async function eligiblePools(tx: Tx, f: AvoidanceFacts): Promise<{ pools: Map<string, string[]>; counts: AvoidanceCounts }> {
  const [row] = await tx.$queryRawUnsafe<{ counts: AvoidanceCounts; pools: Record<string, string[]> }[]>(
    POOLS_SQL,
    f.specialtyCodes, f.bidderCreditCodes, f.buyerCreditCodes, f.agentCreditCodes, f.projectUserIds, f.excludeExpertIds,
    f.buyerOrgId, ...avoidanceWindow(f),
  );
  const counts = Object.fromEntries(Object.entries(row!.counts).map(([k, v]) => [k, Number(v)])) as AvoidanceCounts;
  // Canonical order is fixed here, in one place, by byte order (never by the database's collation).
  const pools = new Map(f.specialtyCodes.map((c) => [c, canonicalCodes(row!.pools[c] ?? [])]));
  return { pools, counts };
}

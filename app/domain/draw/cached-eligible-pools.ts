import type { Tx } from "~/lib/db.server";
import { avoidanceWindow, avoidedNowSql, REASONS, type AvoidanceCounts, type AvoidanceFacts } from "./eligible-pools";

/**
 * eligiblePools with a cached eligibility structure per specialty (issue 15 item 4, docs/decisions/
 * 0026-draw-eligibility-cache.md): the same pools and counts, without scanning the pool on every draw.
 *
 * The process keeps, per specialty, its candidates (ExpertPoolEntry rows: code, id, active?, employer,
 * account) sorted in canonical order, with the specialty's version (ExpertPoolVersion, bumped by triggers in
 * the same transaction as any change to those rows). Each draw sends the versions it holds; one statement
 * answers with the current versions, the entries of the specialties whose version moved, and the experts
 * avoided for reasons that change with time rather than with the pool (violation, leave, recently drawn).
 * Versions and entries come from one snapshot, so entries held at version v are exactly the rows any
 * snapshot showing v reads. Flagging ~7 000 candidates in memory costs well under a millisecond; the
 * parties' lists are the lot's, so they are never cached.
 */

interface Entry {
  code: string;
  id: string;
  inactive: boolean;
  /** Compared as text, like the SQL path (bpchar → text drops trailing blanks). */
  employer: string;
  userId: string | null;
}
interface SpecialtySet {
  version: string;
  entries: Entry[];
}

/** One cache per database client (tests point the process at several databases, one client each). */
const caches = new WeakMap<object, Map<string, SpecialtySet>>();

const restricted = (sql: string) =>
  `ARRAY(SELECT DISTINCT a."expertId" FROM (${sql}) a
          WHERE EXISTS (SELECT 1 FROM "ExpertPoolEntry" p WHERE p."specialtyCode" = ANY($1::text[]) AND p."expertId" = a."expertId"))`;

// $1 the specialty codes, $2 the versions held, aligned with $1 ('' for none): entries are sent only for a
// specialty whose version differs from the one held. $3 buyer, $4 evaluation, $5 its end, $6 "recent" start.
const NOW = avoidedNowSql({ buyer: "$3", from: "$4", to: "$5", since: "$6" });
const SETS_SQL = `
  SELECT (SELECT json_agg(json_build_object('code', r.code, 'version', COALESCE(v.version, 0)::text,
            'entries', CASE WHEN COALESCE(v.version, 0)::text IS DISTINCT FROM r.held THEN
              (SELECT COALESCE(json_agg(json_build_array(p."expertCode", p."expertId", p.status <> 'ACTIVE', p."employerCreditCode"::text, p."userId")), '[]')
                 FROM "ExpertPoolEntry" p WHERE p."specialtyCode" = r.code) END))
            FROM unnest($1::text[], $2::text[]) AS r(code, held) LEFT JOIN "ExpertPoolVersion" v ON v."specialtyCode" = r.code) AS sets,
         ${restricted(NOW.violation)} AS violation,
         ${restricted(NOW.leave)} AS leave,
         ${restricted(NOW.recent)} AS recent`;

type SetsRow = {
  sets: { code: string; version: string; entries: [string, string, boolean, string, string | null][] | null }[];
  violation: string[];
  leave: string[];
  recent: string[];
};

const byteOrder = (a: Entry, b: Entry) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The eligible pools (canonical order) and avoidance counts for `f`, as eligiblePools computes them.
 * `cacheKey` is the database client the cache belongs to (requestDraw's `db`).
 */
export async function cachedEligiblePools(
  cacheKey: object,
  tx: Tx,
  f: AvoidanceFacts,
): Promise<{ pools: Map<string, string[]>; counts: AvoidanceCounts }> {
  let cache = caches.get(cacheKey);
  if (!cache) caches.set(cacheKey, (cache = new Map()));
  const held = f.specialtyCodes.map((c) => cache.get(c)?.version ?? "");
  const [row] = await tx.$queryRawUnsafe<SetsRow[]>(SETS_SQL, f.specialtyCodes, held, f.buyerOrgId, ...avoidanceWindow(f));
  for (const s of row!.sets) {
    if (!s.entries) continue;
    const entries = s.entries.map(([code, id, inactive, employer, userId]) => ({ code, id, inactive, employer, userId }));
    cache.set(s.code, { version: s.version, entries: entries.sort(byteOrder) });
  }

  const sets = {
    bidder: new Set(f.bidderCreditCodes),
    buyer: new Set(f.buyerCreditCodes),
    agent: new Set(f.agentCreditCodes),
    projectPeople: new Set(f.projectUserIds),
    violation: new Set(row!.violation),
    leave: new Set(row!.leave),
    recent: new Set(row!.recent),
    alreadyInLot: new Set(f.excludeExpertIds),
  };
  // Every reason is a property of the expert, not of the specialty: flagged once per expert.
  const avoidedBy = new Map<string, (typeof REASONS)[number][]>();
  const flag = (e: Entry) => {
    let reasons = avoidedBy.get(e.id);
    if (reasons) return reasons;
    reasons = [];
    if (e.inactive) reasons.push("inactive");
    if (sets.bidder.has(e.employer)) reasons.push("bidder");
    if (sets.buyer.has(e.employer)) reasons.push("buyer");
    if (sets.agent.has(e.employer)) reasons.push("agent");
    if (e.userId !== null && sets.projectPeople.has(e.userId)) reasons.push("projectPeople");
    if (sets.violation.has(e.id)) reasons.push("violation");
    if (sets.leave.has(e.id)) reasons.push("leave");
    if (sets.recent.has(e.id)) reasons.push("recent");
    if (sets.alreadyInLot.has(e.id)) reasons.push("alreadyInLot");
    avoidedBy.set(e.id, reasons);
    return reasons;
  };
  const pools = new Map<string, string[]>();
  for (const code of f.specialtyCodes) {
    // Entries are held in canonical (byte) order: the filter keeps it.
    pools.set(code, (cache.get(code)?.entries ?? []).filter((e) => flag(e).length === 0).map((e) => e.code));
  }
  const counts = Object.fromEntries(["candidates", "eligible", ...REASONS].map((k) => [k, 0])) as AvoidanceCounts;
  for (const reasons of avoidedBy.values()) {
    counts.candidates++;
    if (reasons.length === 0) counts.eligible++;
    for (const r of reasons) counts[r]++;
  }
  return { pools, counts };
}

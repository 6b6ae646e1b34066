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

const restricted = (sql: string, codes: string) =>
  `ARRAY(SELECT DISTINCT a."expertId" FROM (${sql}) a
          WHERE EXISTS (SELECT 1 FROM "ExpertPoolEntry" p WHERE p."specialtyCode" = ANY(${codes}::text[]) AND p."expertId" = a."expertId"))`;

/**
 * The statement's select-list, placeholders from $n: the specialty codes, the versions held (aligned with
 * the codes, '' for none: entries are sent only for a specialty whose version differs), the buyer, the
 * evaluation instant, the end of its day, the "recent" start.
 */
function setsColumns(n: number): string {
  const [codes, held, buyer, from, to, since] = [0, 1, 2, 3, 4, 5].map((i) => `$${n + i}`);
  const now = avoidedNowSql({ buyer: buyer!, from: from!, to: to!, since: since! });
  return `
    (SELECT json_agg(json_build_object('code', r.code, 'version', COALESCE(v.version, 0)::text,
       'entries', CASE WHEN COALESCE(v.version, 0)::text IS DISTINCT FROM r.held THEN
         (SELECT COALESCE(json_agg(json_build_array(p."expertCode", p."expertId", p.status <> 'ACTIVE', p."employerCreditCode"::text, p."userId")), '[]')
            FROM "ExpertPoolEntry" p WHERE p."specialtyCode" = r.code) END))
       FROM unnest(${codes}::text[], ${held}::text[]) AS r(code, held) LEFT JOIN "ExpertPoolVersion" v ON v."specialtyCode" = r.code) AS "poolSets",
    ${restricted(now.violation, codes!)} AS "avoidedViolation",
    ${restricted(now.leave, codes!)} AS "avoidedLeave",
    ${restricted(now.recent, codes!)} AS "avoidedRecent"`;
}

export interface SetsRow {
  poolSets: { code: string; version: string; entries: [string, string, boolean, string, string | null][] | null }[];
  avoidedViolation: string[];
  avoidedLeave: string[];
  avoidedRecent: string[];
}

export interface EligibleSetsQuery {
  /** Select-list items to put in a statement (they need no FROM). */
  columns: string;
  params: unknown[];
  /** The pools and counts from the statement's row. */
  read: (row: SetsRow) => { pools: Map<string, string[]>; counts: AvoidanceCounts };
}

/**
 * The cached path as columns for another statement (the draw request reads them with its own facts: one
 * round trip), placeholders from $firstParam. `cacheKey` is the database client the cache belongs to.
 */
export function eligibleSetsQuery(cacheKey: object, f: AvoidanceFacts, firstParam: number): EligibleSetsQuery {
  let cache = caches.get(cacheKey);
  if (!cache) caches.set(cacheKey, (cache = new Map()));
  // The sets as held when the statement is sent: a specialty the answer does not refresh is read from
  // these (exactly the version the statement's snapshot showed), whatever a concurrent draw cached since.
  const held = new Map(f.specialtyCodes.map((c) => [c, cache.get(c)]));
  return {
    columns: setsColumns(firstParam),
    params: [f.specialtyCodes, f.specialtyCodes.map((c) => held.get(c)?.version ?? ""), f.buyerOrgId, ...avoidanceWindow(f)],
    read: (row) => flagged(cache, held, f, row),
  };
}

/** eligiblePools through the cache, in a statement of its own. */
export async function cachedEligiblePools(
  cacheKey: object,
  tx: Tx,
  f: AvoidanceFacts,
): Promise<{ pools: Map<string, string[]>; counts: AvoidanceCounts }> {
  const q = eligibleSetsQuery(cacheKey, f, 1);
  const [row] = await tx.$queryRawUnsafe<SetsRow[]>(`SELECT ${q.columns}`, ...q.params);
  return q.read(row!);
}

const byteOrder = (a: Entry, b: Entry) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Refreshes the specialties the row brought, then flags every candidate as eligiblePools does. */
function flagged(cache: Map<string, SpecialtySet>, held: Map<string, SpecialtySet | undefined>, f: AvoidanceFacts, row: SetsRow) {
  const current = new Map(held);
  for (const s of row.poolSets) {
    if (!s.entries) continue;
    const entries = s.entries.map(([code, id, inactive, employer, userId]) => ({ code, id, inactive, employer, userId }));
    const set = { version: s.version, entries: entries.sort(byteOrder) };
    current.set(s.code, set);
    cache.set(s.code, set);
  }

  const sets = {
    bidder: new Set(f.bidderCreditCodes),
    buyer: new Set(f.buyerCreditCodes),
    agent: new Set(f.agentCreditCodes),
    projectPeople: new Set(f.projectUserIds),
    violation: new Set(row.avoidedViolation),
    leave: new Set(row.avoidedLeave),
    recent: new Set(row.avoidedRecent),
    alreadyInLot: new Set(f.excludeExpertIds),
  };
  // Every reason is a property of the expert, not of the specialty: flagged once per expert, one bit per
  // reason in REASONS order.
  const avoidedBy = new Map<string, number>();
  const flag = (e: Entry) => {
    let bits = avoidedBy.get(e.id);
    if (bits !== undefined) return bits;
    bits =
      (e.inactive ? 1 : 0) |
      (sets.bidder.has(e.employer) ? 2 : 0) |
      (sets.buyer.has(e.employer) ? 4 : 0) |
      (sets.agent.has(e.employer) ? 8 : 0) |
      (e.userId !== null && sets.projectPeople.has(e.userId) ? 16 : 0) |
      (sets.violation.has(e.id) ? 32 : 0) |
      (sets.leave.has(e.id) ? 64 : 0) |
      (sets.recent.has(e.id) ? 128 : 0) |
      (sets.alreadyInLot.has(e.id) ? 256 : 0);
    avoidedBy.set(e.id, bits);
    return bits;
  };
  const pools = new Map<string, string[]>();
  for (const code of f.specialtyCodes) {
    // Entries are held in canonical (byte) order: the filter keeps it.
    const eligible: string[] = [];
    for (const e of current.get(code)?.entries ?? []) if (flag(e) === 0) eligible.push(e.code);
    pools.set(code, eligible);
  }
  const counts = Object.fromEntries(["candidates", "eligible", ...REASONS].map((k) => [k, 0])) as AvoidanceCounts;
  for (const bits of avoidedBy.values()) {
    counts.candidates++;
    if (bits === 0) counts.eligible++;
    else REASONS.forEach((r, i) => { if (bits & (1 << i)) counts[r]++; });
  }
  return { pools, counts };
}

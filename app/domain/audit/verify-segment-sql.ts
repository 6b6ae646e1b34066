import type pg from "pg";
import { ENTRY_COLUMNS, HASH_MATCHES_SQL, RAW_TEXT, tupleMatches, type EntryTuple } from "./chain-hash";
import type { SegmentInput, SegmentResult } from "./verify-segment";

// Links, per range: dense seqs and each prevHash equal to the previous hash, by a window over AuditSeal
// in seq order (its primary key: no sort). Only the rows the caller needs come back: the first and the
// last (for the links between ranges), checkpoint heads, and any broken link.
const LINKS = `SELECT seq::text, "prevHash", hash, "entryId"::text, n::text, pseq::text, gap, broken FROM (
  SELECT seq, "prevHash", hash, "entryId", count(*) OVER () AS n, lag(seq) OVER w AS pseq,
         seq <> lag(seq) OVER w + 1 AS gap, "prevHash" <> lag(hash) OVER w AS broken, row_number() OVER w AS rn
    FROM "AuditSeal" WHERE seq >= $1 AND seq <= $2 WINDOW w AS (ORDER BY seq)) x
 WHERE rn = 1 OR rn = n OR gap OR broken OR x.seq = ANY($3::bigint[])
 ORDER BY x.seq`; // x.seq, the bigint: the output column "seq" is text, where "9" sorts after "10"

// Hashes, per range: every seal whose entry is missing or does not re-hash in SQL (suspects, normally
// none). Entries are joined by id range (a merge of two index range scans); the range is that of the
// seals' entry ids — a seal outside it (an entry that committed long after drawing its id) shows up as
// a suspect and is simply re-checked below.
const SUSPECTS = `SELECT s.seq::text, s."prevHash", s.hash, s."entryId"::text
  FROM "AuditSeal" s LEFT JOIN "AuditEntry" e ON e.id = s."entryId" AND e.id >= $3 AND e.id <= $4
 WHERE s.seq >= $1 AND s.seq <= $2 AND (e.id IS NULL OR NOT (${HASH_MATCHES_SQL}))
 ORDER BY s.seq`;
const ID_RANGE = `SELECT min("entryId")::text AS lo, max("entryId")::text AS hi, count(*)::int AS n,
  percentile_disc(0.01) WITHIN GROUP (ORDER BY "entryId")::text AS p1, percentile_disc(0.99) WITHIN GROUP (ORDER BY "entryId")::text AS p99
  FROM "AuditSeal" WHERE seq >= $1 AND seq <= $2`;

type Problem = { seq: number; id: string | null; reason: "seq_gap" | "prev_hash_mismatch" | "hash_mismatch" };

/**
 * verifySegment with the hashing done by the database (the default engine): per range of seals, one query
 * checks the links and one re-hashes every entry in SQL, both returning only what needs attention; each
 * suspect is then re-checked with the JavaScript reference (tupleMatches), which alone decides that an
 * entry does not match. Same result as verifySegment, for the same input.
 */
export async function verifySegmentSql(pool: pg.Pool, s: SegmentInput): Promise<SegmentResult & { rechecked: number }> {
  const out: SegmentResult & { rechecked: number } = { entries: 0, firstPrev: null, firstId: null, lastHash: null, hashesAt: {}, rechecked: 0 };
  const batch = Number(s.batch);
  const hi = Number(s.hi);
  const wanted = [...s.wanted];
  let prev = s.prev;
  for (let lo = Number(s.lo); lo <= hi; lo += batch) {
    const top = Math.min(lo + batch - 1, hi);
    const [links, suspects] = await Promise.all([
      pool.query<{ seq: string; prevHash: string; hash: string; entryId: string; n: string; pseq: string | null; gap: boolean | null; broken: boolean | null }>(
        LINKS,
        [String(lo), String(top), wanted],
      ),
      findSuspects(pool, lo, top),
    ]);
    const problems: Problem[] = [];
    const rows = links.rows;
    const first = rows[0];
    if (!first || Number(first.seq) !== lo) problems.push({ seq: lo, id: null, reason: "seq_gap" });
    else {
      if (lo === Number(s.lo)) {
        out.firstPrev = first.prevHash;
        out.firstId = first.entryId;
        prev ??= first.prevHash;
      }
      if (first.prevHash !== prev) problems.push({ seq: lo, id: first.entryId, reason: "prev_hash_mismatch" });
    }
    // A gap is reported at the first missing seq (the one after the row before it), before the broken
    // link it also causes.
    for (const r of rows) {
      if (r.gap) problems.push({ seq: Number(r.pseq) + 1, id: null, reason: "seq_gap" });
      else if (r.broken) problems.push({ seq: Number(r.seq), id: r.entryId, reason: "prev_hash_mismatch" });
    }
    const last = rows[rows.length - 1];
    if (last && Number(last.seq) < top) problems.push({ seq: Number(last.seq) + 1, id: null, reason: "seq_gap" });
    // Suspects: missing entry = gap at that position; otherwise the JavaScript reference decides.
    if (suspects.length) {
      out.rechecked += suspects.length;
      const found = await pool.query<EntryTuple>({
        text: `SELECT ${ENTRY_COLUMNS} FROM "AuditEntry" e WHERE e.id = ANY($1::bigint[])`,
        values: [suspects.map((x) => x[3])],
        rowMode: "array",
        types: RAW_TEXT,
      });
      const byId = new Map(found.rows.map((t) => [t[0], t] as const));
      for (const [seq, sPrev, sHash, entryId] of suspects) {
        const t = byId.get(entryId);
        if (!t) problems.push({ seq: Number(seq), id: entryId, reason: "seq_gap" });
        else if (!tupleMatches(sPrev, seq, t, sHash)) problems.push({ seq: Number(seq), id: entryId, reason: "hash_mismatch" });
      }
    }
    if (problems.length) {
      // The first in chain order; at one position a gap or a broken link comes before a hash mismatch.
      const order = { seq_gap: 0, prev_hash_mismatch: 1, hash_mismatch: 2 };
      problems.sort((a, b) => a.seq - b.seq || order[a.reason] - order[b.reason]);
      const p = problems[0]!;
      out.firstBad = { seq: String(p.seq), id: p.id, reason: p.reason };
      out.entries += p.seq - lo;
      for (const r of rows) if (Number(r.seq) < p.seq && s.wanted.has(r.seq)) out.hashesAt[r.seq] = r.hash;
      break;
    }
    for (const r of rows) if (s.wanted.has(r.seq)) out.hashesAt[r.seq] = r.hash;
    out.entries += Number(last!.n);
    prev = last!.hash;
    s.onProgress?.(out.entries);
  }
  out.lastHash = out.entries > 0 && !out.firstBad ? prev : null;
  return out;
}

async function findSuspects(pool: pg.Pool, lo: number, hi: number): Promise<[string, string, string, string][]> {
  const b = (await pool.query<{ lo: string | null; hi: string | null; n: number; p1: string; p99: string }>(ID_RANGE, [String(lo), String(hi)])).rows[0]!;
  if (b.lo === null) return [];
  // Entries sealed far from their id would stretch the range scan: then the middle 98 % is joined by
  // range and the few outside become suspects, read by id.
  const wide = Number(b.hi) - Number(b.lo) + 1 > 4 * b.n;
  const r = await pool.query({
    text: SUSPECTS,
    values: [String(lo), String(hi), wide ? b.p1 : b.lo, wide ? b.p99 : b.hi],
    rowMode: "array",
    types: RAW_TEXT,
  });
  return r.rows as [string, string, string, string][];
}

import type pg from "pg";
import { ENTRY_COLUMNS, RAW_TEXT, tupleMatches, type EntryTuple } from "./chain-hash";
import type { BadReason } from "./verify-audit-chain";

export interface SegmentInput {
  lo: bigint;
  hi: bigint;
  /** Hash the entry lo must point back to; null: take its stored prevHash (checked by the caller). */
  prev: string | null;
  batch: bigint;
  /** Seqs whose hash the caller needs (checkpoint heads). */
  wanted: Set<string>;
  onProgress?: (verifiedSoFar: number) => void;
}

export interface SegmentResult {
  entries: number;
  firstBad?: { seq: string; id: string | null; reason: BadReason };
  /** Stored prevHash of entry lo (when it exists). */
  firstPrev: string | null;
  firstId: string | null;
  lastHash: string | null;
  hashesAt: Record<string, string>;
}

// Seals by seq range, then their entries by id range, joined here rather than in SQL: the database's
// join probes the entry index once per row, which cost more than everything else it does for the
// verification (~4 µs a row); two range scans in index order cost a fraction of that.
const SEALS = `SELECT s.seq, s."prevHash", s.hash, s."entryId" FROM "AuditSeal" s
 WHERE s.seq >= $1 AND s.seq <= $2 ORDER BY s.seq`;
const ENTRIES = `SELECT ${ENTRY_COLUMNS} FROM "AuditEntry" e WHERE e.id >= $1 AND e.id <= $2`;
const ENTRIES_BY_ID = `SELECT ${ENTRY_COLUMNS} FROM "AuditEntry" e WHERE e.id = ANY($1::bigint[])`;

type SealRow = [seq: string, prevHash: string, hash: string, entryId: string];
interface Batch {
  seals: SealRow[];
  entry: (id: string) => EntryTuple | undefined;
}

/**
 * One range of seals and their entries. Entries are sealed in (nearly) id order, so the ids of a range
 * of seals form a dense id range: read with one range scan, looked up by offset. The few sealed far from
 * their id (a transaction that committed long after it drew its id) are read by id.
 */
async function fetchBatch(pool: pg.Pool, lo: number, hi: number): Promise<Batch> {
  const q = <T>(text: string, values: unknown[]) =>
    pool.query({ text, values, rowMode: "array", types: RAW_TEXT }) as unknown as Promise<{ rows: T[] }>;
  const seals = (await q<SealRow>(SEALS, [String(lo), String(hi)])).rows;
  if (seals.length === 0) return { seals, entry: () => undefined };
  const ids = seals.map((r) => Number(r[3]));
  let min = Infinity;
  let max = -Infinity;
  for (const id of ids) {
    if (id < min) min = id;
    if (id > max) max = id;
  }
  const span = 4 * seals.length;
  let outliers: number[] = [];
  if (max - min > span) {
    const sorted = Float64Array.from(ids).sort();
    const median = sorted[sorted.length >> 1]!;
    const core = ids.filter((id) => Math.abs(id - median) <= span / 2);
    outliers = ids.filter((id) => Math.abs(id - median) > span / 2);
    min = Math.min(...core);
    max = Math.max(...core);
  }
  const [range, far] = await Promise.all([
    q<EntryTuple>(ENTRIES, [String(min), String(max)]),
    outliers.length ? q<EntryTuple>(ENTRIES_BY_ID, [outliers.map(String)]) : null,
  ]);
  const slots: (EntryTuple | undefined)[] = new Array(max - min + 1);
  for (const t of range.rows) slots[Number(t[0]) - min] = t;
  const byId = new Map((far?.rows ?? []).map((t) => [t[0], t] as const));
  return {
    seals,
    entry: (id) => {
      const n = Number(id);
      return n >= min && n <= max ? slots[n - min] : byId.get(id);
    },
  };
}

/**
 * Verifies the seals lo..hi in seq order: dense seqs, each prevHash equal to the previous hash, each
 * entry present and its hash re-computed. Reads ranges of `batch` with the plain pg driver (every column
 * as raw text, rows as arrays: the fewest allocations per row), fetching the next range while the
 * current one is hashed. Used in-process and by verify-segment.worker.ts (parallel verification).
 */
export async function verifySegment(pool: pg.Pool, s: SegmentInput): Promise<SegmentResult> {
  const out: SegmentResult = { entries: 0, firstPrev: null, firstId: null, lastHash: null, hashesAt: {} };
  const batch = Number(s.batch);
  const hi = Number(s.hi);
  const fetchRange = (lo: number) => fetchBatch(pool, lo, Math.min(lo + batch - 1, hi));

  // Seqs as numbers: exact up to 2^53, far beyond any log.
  let prev = s.prev;
  let expected = Number(s.lo);
  const first = expected;
  const wanted = s.wanted.size > 0 ? s.wanted : null;
  let next = expected <= hi ? fetchRange(expected) : null;
  try {
    outer: while (next) {
      const { seals, entry } = await next;
      const lo = expected;
      next = lo + batch <= hi ? fetchRange(lo + batch) : null;
      for (const [seq, storedPrev, stored, entryId] of seals) {
        if (Number(seq) !== expected) {
          out.firstBad = { seq: String(expected), id: null, reason: "seq_gap" };
          break outer;
        }
        if (expected === first) {
          out.firstPrev = storedPrev;
          out.firstId = entryId;
          prev ??= storedPrev;
        }
        if (storedPrev !== prev) {
          out.firstBad = { seq, id: entryId, reason: "prev_hash_mismatch" };
          break outer;
        }
        const t = entry(entryId);
        // The seal is there but its entry was deleted: the chain has lost that entry, as with a gap.
        if (!t) {
          out.firstBad = { seq, id: entryId, reason: "seq_gap" };
          break outer;
        }
        if (!tupleMatches(prev, seq, t, stored)) {
          out.firstBad = { seq, id: entryId, reason: "hash_mismatch" };
          break outer;
        }
        if (wanted?.has(seq)) out.hashesAt[seq] = stored;
        prev = stored;
        expected += 1;
        out.entries += 1;
      }
      // A range that ends early while the segment goes on means the last seqs of the range are gone.
      if (expected <= Math.min(lo + batch - 1, hi)) {
        out.firstBad = { seq: String(expected), id: null, reason: "seq_gap" };
        break;
      }
      s.onProgress?.(out.entries);
    }
  } finally {
    if (next) await next.catch(() => {});
  }
  out.lastHash = out.entries > 0 ? prev : null;
  return out;
}

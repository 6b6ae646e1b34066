import type pg from "pg";
import { chainHashTuple, HASH_COLUMNS, type HashColumnsTuple } from "./chain-hash";
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

/**
 * Verifies the entries lo..hi in seq order: dense seqs, each prevHash equal to the previous hash, each
 * hash re-computed. Reads ranges of `batch` with the plain pg driver, fetching the next range while the
 * current one is hashed. Used in-process and by verify-segment.worker.ts (parallel verification).
 */
export async function verifySegment(pool: pg.Pool, s: SegmentInput): Promise<SegmentResult> {
  const out: SegmentResult = { entries: 0, firstPrev: null, firstId: null, lastHash: null, hashesAt: {} };
  const fetchRange = (lo: bigint) =>
    pool.query({
      text: `SELECT e.seq::text, e."prevHash", e.hash, ${HASH_COLUMNS} FROM "AuditEntry" e
              WHERE e.seq >= $1 AND e.seq <= $2 ORDER BY e.seq`,
      values: [lo.toString(), (lo + s.batch - 1n < s.hi ? lo + s.batch - 1n : s.hi).toString()],
      rowMode: "array",
    }) as Promise<pg.QueryResult<unknown[]>>;

  let prev = s.prev;
  let expected = s.lo;
  let next = expected <= s.hi ? fetchRange(expected) : null;
  try {
    outer: while (next) {
      const res = await next;
      const lo = expected;
      next = lo + s.batch <= s.hi ? fetchRange(lo + s.batch) : null;
      for (const r of res.rows) {
        const seq = r[0] as string;
        const storedPrev = r[1] as string;
        const stored = r[2] as string;
        const tuple = r.slice(3) as HashColumnsTuple;
        if (BigInt(seq) !== expected) {
          out.firstBad = { seq: expected.toString(), id: null, reason: "seq_gap" };
          break outer;
        }
        if (expected === s.lo) {
          out.firstPrev = storedPrev;
          out.firstId = tuple[0];
          prev ??= storedPrev;
        }
        if (storedPrev !== prev) {
          out.firstBad = { seq, id: tuple[0], reason: "prev_hash_mismatch" };
          break outer;
        }
        if (chainHashTuple(prev, seq, tuple) !== stored) {
          out.firstBad = { seq, id: tuple[0], reason: "hash_mismatch" };
          break outer;
        }
        if (s.wanted.has(seq)) out.hashesAt[seq] = stored;
        prev = stored;
        expected += 1n;
        out.entries += 1;
      }
      // A range that ends early while the segment goes on means the last seqs of the range are gone.
      const rangeEnd = lo + s.batch - 1n < s.hi ? lo + s.batch - 1n : s.hi;
      if (expected <= rangeEnd) {
        out.firstBad = { seq: expected.toString(), id: null, reason: "seq_gap" };
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

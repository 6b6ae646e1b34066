import type pg from "pg";
import { resolvePool } from "./audit-pool";
import { GENESIS_HASH } from "./canonical";
import { countUnsealed } from "./seal-audit-log";
import { verifySegment, type SegmentInput, type SegmentResult } from "./verify-segment";
import { verifySegmentSql } from "./verify-segment-sql";

/** A published checkpoint: the chain head (seq and hash) at the end of a Shanghai day. */
export interface PublishedCheckpoint {
  day: string;
  headSeq: string | bigint | number;
  headHash: string;
  count?: string | bigint | number;
}

export type BadReason =
  /** The stored hash is not what the formula gives for the stored fields: the row was edited. */
  | "hash_mismatch"
  /** prevHash does not equal the previous entry's hash: an entry was replaced or re-hashed. */
  | "prev_hash_mismatch"
  /** A seq number is missing, or the entry its seal points to is: an entry was deleted. */
  | "seq_gap";

export interface VerifyOptions {
  /** true (default): check the checkpoints stored in the database; an array: check these (e.g. downloaded
   * from the public page or read off the PDFs) instead; false: none. */
  checkpoints?: boolean | PublishedCheckpoint[];
  /** Verify only (fromSeq, toSeq]: the segment after one checkpoint up to the next. */
  fromSeq?: bigint;
  /** Hash the entry at fromSeq must have (e.g. the previous checkpoint's headHash); default: as stored. */
  fromHash?: string;
  toSeq?: bigint;
  /**
   * Who re-computes the hashes. "sql" (default): the database, per range of seals, each suspect re-checked
   * by the JavaScript reference — about half the CPU per entry. "node": every entry read into JavaScript
   * and hashed there (an independent implementation of the formula: the tests run both).
   */
  engine?: "sql" | "node";
  /** Segments verified at once for a long chain: database connections ("sql") or worker threads ("node");
   * the CLI uses the CPU count. */
  parallel?: number;
  /** Below this many entries, one thread (starting workers costs ~100 ms). */
  parallelMin?: number;
  /** Rows per query; 20 000 balances round trips against memory. */
  batch?: number;
  onProgress?: (verified: number, total: number) => void;
}

export interface VerifyResult {
  ok: boolean;
  /** Sealed entries verified. */
  entries: number;
  /** Entries not sealed yet (appended but not chained; the sealer runs every 100 ms). 0 for a segment. */
  unsealed: number;
  headSeq: string | null;
  headHash: string | null;
  checkpoints: { checked: number; bad: { day: string; reason: "hash_mismatch" | "count_mismatch" | "beyond_head" }[] };
  firstBad?: { seq: string; id: string | null; reason: BadReason };
  /** Entries the database's hash did not confirm, re-checked in JavaScript ("sql" engine). */
  rechecked?: number;
  ms: number;
}

/**
 * Re-computes the whole chain (or a segment) from the database and names the first entry that does not
 * match. Seals joined to their entries are read in seq ranges with the plain pg driver, the next range
 * being fetched while the current one is hashed, optionally split over worker threads (`parallel`), so a
 * million entries verify in a few seconds. Reads as of the head at start.
 */
export async function verifyAuditChain(db?: unknown, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const t0 = Date.now();
  const pool = resolvePool(db);
  const batch = BigInt(opts.batch ?? 20_000);
  // The unsealed count is informational and costs one anti-join over the log: it runs alongside, and
  // only for a whole-chain verification (not for a checkpoint segment checked on a web request).
  const whole = opts.fromSeq === undefined && opts.toSeq === undefined;
  const unsealedP = whole ? countUnsealed(pool) : Promise.resolve(0);
  unsealedP.catch(() => {});
  const stats = await pool.query<{ head: string | null }>(`SELECT max(s.seq)::text AS head FROM "AuditSeal" s`);
  const dbHead = BigInt(stats.rows[0]!.head ?? "0");
  const from = opts.fromSeq ?? 0n;
  const to = opts.toSeq !== undefined && opts.toSeq < dbHead ? opts.toSeq : dbHead;

  let prev = opts.fromHash ?? (from === 0n ? GENESIS_HASH : await hashAt(pool, from));
  const cps = await loadCheckpoints(pool, opts.checkpoints);
  const cpBySeq = new Map<string, PublishedCheckpoint[]>();
  for (const cp of cps) {
    const k = BigInt(cp.headSeq).toString();
    cpBySeq.set(k, [...(cpBySeq.get(k) ?? []), cp]);
  }
  const result: VerifyResult = {
    ok: true,
    entries: 0,
    unsealed: 0,
    headSeq: to > 0n ? to.toString() : null,
    headHash: null,
    checkpoints: { checked: 0, bad: [] },
    ms: 0,
  };
  const total = Number(to - from);
  // A checkpoint of a day before the first entry publishes the genesis hash at position 0.
  if (from === 0n) for (const cp of cpBySeq.get("0") ?? []) checkCheckpoint(result, cp, GENESIS_HASH);

  // Split into segments verified in parallel (worker threads) when asked and worth it; each segment
  // checks its own links, and the stitching below checks the links between segments.
  const parallel = Math.max(1, Math.min(opts.parallel ?? 1, 16));
  const n = parallel > 1 && to - from >= BigInt(opts.parallelMin ?? 200_000) ? BigInt(parallel) : 1n;
  const bounds: [bigint, bigint][] = [];
  for (let i = 0n; i < n; i++) {
    const lo = from + 1n + ((to - from) * i) / n;
    const hi = from + ((to - from) * (i + 1n)) / n;
    if (lo <= hi) bounds.push([lo, hi]);
  }
  const wanted = new Set(cpBySeq.keys());
  const done = bounds.map(() => 0);
  const progress = (i: number, k: number) => {
    done[i] = k;
    opts.onProgress?.(done.reduce((a, b) => a + b, 0), total);
  };
  const segments =
    (opts.engine ?? "sql") === "sql"
      ? await Promise.all(
          bounds.map(([lo, hi], i) =>
            verifySegmentSql(pool, { lo, hi, prev: i === 0 ? prev : null, batch, wanted, onProgress: (k) => progress(i, k) }),
          ),
        )
      : bounds.length === 1
        ? [await verifySegment(pool, { lo: bounds[0]![0], hi: bounds[0]![1], prev, batch, wanted, onProgress: (k) => progress(0, k) })]
        : await Promise.all(bounds.map(([lo, hi], i) => verifyInWorker(pool, { lo, hi, prev: null, batch, wanted, onProgress: (k) => progress(i, k) })));
  result.rechecked = segments.reduce((a, g) => a + ((g as { rechecked?: number }).rechecked ?? 0), 0);

  for (const [i, seg] of segments.entries()) {
    if (seg.firstPrev !== null && seg.firstPrev !== prev) {
      result.firstBad = { seq: bounds[i]![0].toString(), id: seg.firstId, reason: "prev_hash_mismatch" };
      break;
    }
    for (const [seq, hash] of Object.entries(seg.hashesAt)) for (const cp of cpBySeq.get(seq) ?? []) checkCheckpoint(result, cp, hash);
    result.entries += seg.entries;
    if (seg.firstBad) {
      result.firstBad = seg.firstBad;
      break;
    }
    prev = seg.lastHash ?? prev;
  }
  if (!result.firstBad) {
    result.headHash = to > from ? prev : null;
    for (const cp of cps) {
      const s = BigInt(cp.headSeq);
      if (s > to && opts.toSeq === undefined) result.checkpoints.bad.push({ day: cp.day, reason: "beyond_head" });
    }
  }
  result.ok = !result.firstBad && result.checkpoints.bad.length === 0;
  result.unsealed = await unsealedP;
  result.ms = Date.now() - t0;
  return result;
}

function checkCheckpoint(result: VerifyResult, cp: PublishedCheckpoint, hash: string) {
  result.checkpoints.checked += 1;
  if (cp.headHash !== hash) result.checkpoints.bad.push({ day: cp.day, reason: "hash_mismatch" });
  // Seqs are dense from 1, so the count of entries up to the head is the head's seq.
  else if (cp.count !== undefined && BigInt(cp.count) !== BigInt(cp.headSeq))
    result.checkpoints.bad.push({ day: cp.day, reason: "count_mismatch" });
}

async function hashAt(pool: pg.Pool, seq: bigint): Promise<string> {
  const r = await pool.query<{ hash: string }>(`SELECT s.hash FROM "AuditSeal" s WHERE s.seq = $1`, [seq.toString()]);
  return r.rows[0]?.hash ?? "missing";
}

async function loadCheckpoints(pool: pg.Pool, sel: VerifyOptions["checkpoints"]): Promise<PublishedCheckpoint[]> {
  if (sel === false) return [];
  if (Array.isArray(sel)) return sel;
  const r = await pool.query<PublishedCheckpoint>(
    `SELECT day, "headSeq"::text AS "headSeq", "headHash" AS "headHash", count::text AS count
       FROM "AuditCheckpoint" c ORDER BY c."headSeq", c.day`,
  );
  return r.rows;
}

/** Runs one segment in a worker thread; falls back to this thread where workers cannot load TypeScript. */
async function verifyInWorker(pool: pg.Pool, s: SegmentInput): Promise<SegmentResult> {
  const { Worker } = await import("node:worker_threads");
  const o = pool.options;
  const pgConfig = { host: o.host, port: o.port, user: o.user, password: typeof o.password === "string" ? o.password : undefined, database: o.database };
  try {
    return await new Promise<SegmentResult>((resolve, reject) => {
      const w = new Worker(new URL("./verify-segment.worker.ts", import.meta.url), {
        workerData: { pg: pgConfig, lo: s.lo.toString(), hi: s.hi.toString(), batch: s.batch.toString(), wanted: [...s.wanted] },
      });
      w.on("message", (m: { kind: "progress"; n: number } | { kind: "done"; r: SegmentResult }) => {
        if (m.kind === "progress") s.onProgress?.(m.n);
        else resolve(m.r);
      });
      w.on("error", reject);
      w.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`verify worker exited with ${code}`))));
    });
  } catch (e) {
    if (e instanceof Error && /Unknown file extension|Cannot find module|ERR_UNKNOWN_FILE_EXTENSION/.test(`${e.message} ${(e as { code?: string }).code}`))
      return verifySegment(pool, s);
    throw e;
  }
}

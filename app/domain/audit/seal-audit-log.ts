import type pg from "pg";
import { resolvePool } from "./audit-pool";
import { GENESIS_HASH } from "./canonical";
import { AUDIT_SEAL_LOCK, chainHashTuple, ENTRY_COLUMNS, RAW_TEXT, type EntryTuple } from "./chain-hash";

export interface SealOptions {
  /** Entries per transaction. 2 000 keeps each transaction short (tens of ms) while amortising round trips. */
  batch?: number;
  /** Stop after this many entries (the bench uses it to measure); default: until none is left. */
  limit?: number;
}

/**
 * Where unsealed entries can be, per pool (so per database and process). Entry ids are drawn from a
 * sequence when the INSERT runs but become visible when their transaction commits, in any order, so
 * "id > the highest id sealed" would skip an entry whose transaction was still running. Instead:
 *
 * - `floor`: every entry with a lower id is sealed, or belongs to a transaction that rolled back. The
 *   sealer looks for unsealed entries only from there: an anti-join of AuditEntry (id ≥ floor) against
 *   AuditSeal — a few hundred rows when the sealer keeps up, whatever the size of the log.
 * - `marks`: at each sealing pass, L = the sequence's last id handed out, then N = this pass's own xid
 *   (assigned after L was read). Every entry with id ≤ L was inserted by a transaction whose xid is below
 *   N, because appendAudit takes its xid before drawing the id (append-audit.ts). Once the oldest running
 *   xid is ≥ N (pg_snapshot_xmin), all those transactions have ended, so every id ≤ L is settled: the
 *   next pass sees and seals the committed ones, and the floor may move up to L + 1.
 *
 * A fresh process starts with floor 0: its first pass is one anti-join over the whole log (a merge of two
 * index scans, ~0.3 s per million entries) — correct without any shared state to trust or to repair.
 */
interface Watermark {
  floor: bigint;
  marks: { l: bigint; n: bigint }[];
}
const watermarks = new WeakMap<pg.Pool, Watermark>();
const watermarkOf = (pool: pg.Pool) => {
  let w = watermarks.get(pool);
  if (!w) watermarks.set(pool, (w = { floor: 0n, marks: [] }));
  return w;
};

const UNSEALED = `FROM "AuditEntry" e WHERE e.id >= $1 AND NOT EXISTS (SELECT 1 FROM "AuditSeal" s WHERE s."entryId" = e.id)`;

/** Committed entries without a seal (the whole log: verification reports it). */
export async function countUnsealed(db?: unknown): Promise<number> {
  const r = await resolvePool(db).query<{ n: string }>(`SELECT count(*)::text AS n ${UNSEALED}`, ["0"]);
  return Number(r.rows[0]!.n);
}

/**
 * Seals every committed, unsealed audit entry into the hash chain, in id order, and returns how many it
 * sealed: for each, one AuditSeal row (next dense seq, prevHash, hash). Each batch is one transaction
 * holding a transaction-scoped advisory lock, so any number of sealers (worker processes, the verify
 * command, tests) can run at once: they take turns, and each continues from the head the previous one
 * committed. Sealing after the business commit, rather than inside it, is what keeps appends fast; the
 * entries themselves are never updated (docs/decisions/0009-audit-seal-table.md).
 *
 * `db` is a pg Pool, or anything else (e.g. the Prisma client) meaning the process's own database.
 */
export async function sealAuditLog(db?: unknown, opts: SealOptions = {}): Promise<number> {
  const pool = resolvePool(db);
  const batch = Math.max(1, Math.min(opts.batch ?? 2000, 20_000));
  let total = 0;
  // Within one call each batch starts after the last id it sealed, so a backlog is walked once. An entry
  // with a lower id that commits meanwhile is found by the next call (the chain follows commit order).
  let afterId = -1n;
  for (;;) {
    const want = opts.limit === undefined ? batch : Math.min(batch, opts.limit - total);
    if (want <= 0) return total;
    const r = await sealBatch(pool, want, afterId);
    total += r.n;
    afterId = r.lastId;
    if (r.n < want) return total;
  }
}

async function sealBatch(pool: pg.Pool, batch: number, afterId: bigint): Promise<{ n: number; lastId: bigint }> {
  const wm = watermarkOf(pool);
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_SEAL_LOCK]);
    // Read committed: the statements below start after the lock was granted, so they see the head and the
    // seals as the previous sealer committed them. First the mark's L (ids handed out so far) and the
    // oldest running xid; the xid N of the mark is assigned later, by the INSERT below.
    const st = await c.query<{ xmin: string; l: string }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
              (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text AS l
         FROM "AuditEntry_id_seq"`,
    );
    const xmin = BigInt(st.rows[0]!.xmin);
    const l = BigInt(st.rows[0]!.l);
    let settled = -1n; // every id ≤ settled belongs to an ended transaction
    while (wm.marks.length && wm.marks[0]!.n <= xmin) settled = wm.marks.shift()!.l;

    // Nested loop over the id index from the floor, probing AuditSeal's entryId index: the planner must
    // not pick a hash or merge join over the whole chain (stale statistics after a burst make it try).
    await c.query(
      "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL enable_seqscan = off; " +
        "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off",
    );
    // The floor may only rise from a scan that started at it (a later batch of one call starts higher).
    const fromFloor = afterId + 1n <= wm.floor;
    const from = fromFloor ? wm.floor : afterId + 1n;
    const rows = await c.query<EntryTuple>({
      text: `SELECT ${ENTRY_COLUMNS} ${UNSEALED} ORDER BY e.id LIMIT ${batch}`,
      values: [from.toString()],
      rowMode: "array",
      types: RAW_TEXT,
    });
    let lastId = afterId;
    let mark: bigint | null = null;
    if (rows.rows.length > 0) {
      const head = await c.query<{ seq: string; hash: string }>(
        `SELECT s.seq::text AS seq, s.hash FROM "AuditSeal" s ORDER BY s.seq DESC LIMIT 1`,
      );
      let seq = BigInt(head.rows[0]?.seq ?? "0");
      let prev = head.rows[0]?.hash ?? GENESIS_HASH;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const t of rows.rows) {
        seq += 1n;
        const s = seq.toString();
        const hash = chainHashTuple(prev, s, t);
        ids.push(t[0]);
        seqs.push(s);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await c.query(
        `INSERT INTO "AuditSeal" (seq, "entryId", "prevHash", hash, "sealedAt")
         SELECT v.seq, v.id, v.prev, v.hash, clock_timestamp()
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash)`,
        [ids, seqs, prevs, hashes],
      );
      await c.query("SELECT pg_notify('audit_sealed', $1)", [`${seqs[0]}-${seqs[seqs.length - 1]}`]);
      lastId = BigInt(ids[ids.length - 1]!);
      mark = await currentXid(c);
    } else if (l >= wm.floor && (wm.marks.at(-1)?.l ?? -1n) < l) {
      // Nothing to seal but ids above the floor are not known settled yet: take an xid for a mark so the
      // floor catches up once the system is idle (an xid without writes: a commit record, no WAL flush).
      mark = await currentXid(c);
    }
    await c.query("COMMIT");
    if (mark !== null) {
      wm.marks.push({ l, n: mark });
      // A transaction left open for long holds the marks back; the newest ones suffice (each covers the
      // older ones' ids), so the queue stays bounded.
      if (wm.marks.length > 256) wm.marks.splice(0, 128);
    }
    // Raise the floor (only after the commit): below `settled` everything committed is now sealed —
    // except, when the batch was full, the entries after the last one sealed.
    if (fromFloor) {
      let floor = settled + 1n;
      if (rows.rows.length >= batch && lastId + 1n < floor) floor = lastId + 1n;
      if (floor > wm.floor) wm.floor = floor;
    }
    return { n: rows.rows.length, lastId };
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

async function currentXid(c: pg.PoolClient): Promise<bigint> {
  return BigInt((await c.query<{ n: string }>(`SELECT pg_current_xact_id()::text AS n`)).rows[0]!.n);
}

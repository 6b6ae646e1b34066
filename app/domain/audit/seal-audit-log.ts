import type pg from "pg";
import { resolvePool } from "./audit-pool";
import { GENESIS_HASH } from "./canonical";
import { AUDIT_SEAL_LOCK, chainHashTuple, HASH_COLUMNS, type HashColumnsTuple } from "./chain-hash";

export interface SealOptions {
  /** Entries per transaction. 2 000 keeps each transaction short (tens of ms) while amortising round trips. */
  batch?: number;
  /** Stop after this many entries (the bench uses it to measure); default: until none is left. */
  limit?: number;
}

/**
 * Seals every committed, unsealed audit entry into the hash chain, in id order, and returns how many it
 * sealed. Each batch is one transaction holding a transaction-scoped advisory lock, so any number of
 * sealers (worker processes, the verify command, tests) can run at once: they take turns, and each
 * continues from the head the previous one committed. Sealing after the business commit, rather than
 * inside it, is what keeps appends fast (docs/decisions/0003-audit-chain.md).
 *
 * `db` is a pg Pool, or anything else (e.g. the Prisma client) meaning the process's own database.
 */
export async function sealAuditLog(db?: unknown, opts: SealOptions = {}): Promise<number> {
  const pool = resolvePool(db);
  const batch = Math.max(1, Math.min(opts.batch ?? 2000, 20_000));
  let total = 0;
  // Within one call each batch starts after the last id it sealed, so a backlog of a million entries does
  // not re-walk the dead index entries of those already sealed. An entry with a lower id that commits
  // meanwhile is sealed by the next call (the chain follows commit order, not id order).
  let afterId = "0";
  for (;;) {
    const want = opts.limit === undefined ? batch : Math.min(batch, opts.limit - total);
    if (want <= 0) return total;
    const r = await sealBatch(pool, want, afterId);
    total += r.n;
    afterId = r.lastId;
    if (r.n < want) return total;
  }
}

async function sealBatch(pool: pg.Pool, batch: number, afterId: string): Promise<{ n: number; lastId: string }> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_SEAL_LOCK]);
    // Read committed: these statements start after the lock was granted, so they see the head and the
    // unsealed set as the previous sealer committed them.
    // Walk the partial index of unsealed entries in id order. Without these, stale statistics after a
    // burst (a million unsealed rows the planner believes are a thousand) lead to a bitmap scan plus a
    // sort of the whole backlog for every batch: seconds instead of milliseconds.
    await c.query("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off");
    const rows = await c.query<HashColumnsTuple>({
      text: `SELECT ${HASH_COLUMNS} FROM "AuditEntry" e WHERE e.hash IS NULL AND e.id > $2 ORDER BY e.id LIMIT $1`,
      values: [batch, afterId],
      rowMode: "array",
    });
    if (rows.rows.length === 0) {
      await c.query("COMMIT");
      return { n: 0, lastId: afterId };
    }
    const head = await c.query<{ seq: string; hash: string }>(
      // (ORDER BY the column, not the text alias: "9" > "10" as text.)
      `SELECT e.seq::text AS seq, e.hash FROM "AuditEntry" e WHERE e.seq IS NOT NULL ORDER BY e.seq DESC LIMIT 1`,
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
    // One statement for the whole batch; the guard trigger checks that only the sealing columns change.
    await c.query(
      `UPDATE "AuditEntry" e
          SET seq = v.seq, "prevHash" = v.prev, hash = v.hash, "sealedAt" = clock_timestamp()
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash)
        WHERE e.id = v.id`,
      [ids, seqs, prevs, hashes],
    );
    await c.query("SELECT pg_notify('audit_sealed', $1)", [`${seqs[0]}-${seqs[seqs.length - 1]}`]);
    await c.query("COMMIT");
    return { n: ids.length, lastId: ids[ids.length - 1]! };
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { GENESIS_HASH } from "~/domain/audit/canonical";
import { countUnsealed, sealAuditLog } from "~/domain/audit/seal-audit-log";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
import { useTestDb } from "../support/db";

const { db, url } = await useTestDb();
let pool: pg.Pool;
beforeAll(() => {
  pool = getAuditPool(url);
});
afterAll(() => closeAuditPools());

const actor: Actor = {
  userId: "6f1c1f34-2a5e-4d5b-9a35-0c7e7f9b1a01",
  role: "STAFF",
  orgId: "0b6a2a7e-8a11-4b39-9d63-2f6a0f6e7c02",
  ip: "10.1.2.3",
  userAgent: "Mozilla/5.0 test",
};

async function append(n: number, detail: Record<string, unknown> = {}) {
  for (let i = 0; i < n; i++)
    await db.$transaction((tx) =>
      appendAudit(tx, actor, {
        action: "tender.published",
        entityType: "tender",
        entityId: `T-${i}`,
        before: { status: "DRAFT" },
        after: { status: "PUBLISHED", i },
        detail: { i, title: "示范项目 \"quoted\" ✓", nested: { b: 2, a: [1, { z: true, y: null }] }, ...detail },
      }),
    );
}

/**
 * Runs SQL as the superuser with every trigger off (the append-only guards and the foreign key):
 * tampering behind the application's back, as only a database superuser can.
 */
async function asSuperuser(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET session_replication_role = replica`);
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/**
 * Verifies with both engines — the database's hash (default) and the JavaScript one — and checks that
 * they agree on the verdict, the first bad entry and the head.
 */
async function verify(opts: Parameters<typeof verifyAuditChain>[1] = {}) {
  const sql = await verifyAuditChain(pool, opts);
  const node = await verifyAuditChain(pool, { ...opts, engine: "node" });
  expect({ ok: sql.ok, firstBad: sql.firstBad, headHash: sql.headHash }).toEqual({
    ok: node.ok,
    firstBad: node.firstBad,
    headHash: node.headHash,
  });
  if (sql.ok) expect(sql.entries).toBe(node.entries);
  return sql;
}

const head = async () => Number((await pool.query(`SELECT max(seq) AS m FROM "AuditSeal"`)).rows[0].m);
const entryAt = (seq: number) => `(SELECT "entryId" FROM "AuditSeal" WHERE seq = ${Number(seq)})`;

describe("appending", () => {
  it("leaves nothing when the business transaction rolls back", async () => {
    const before = await db.auditEntry.count();
    await expect(
      db.$transaction(async (tx) => {
        await appendAudit(tx, actor, { action: "x.y", entityType: "t", entityId: "1" });
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    expect(await db.auditEntry.count()).toBe(before);
  });

  it("stores bigint and Date details and drops NUL characters instead of failing", async () => {
    const id = await db.$transaction((tx) =>
      appendAudit(tx, { ...actor, userAgent: "evil\u0000agent" }, {
        action: "x.nul",
        entityType: "t",
        entityId: "nul",
        detail: { amountFen: 12345678901234567890n, at: new Date("2026-11-23T01:02:03.456Z"), s: "a\u0000b" },
      }),
    );
    const row = await db.auditEntry.findUniqueOrThrow({ where: { id } });
    expect(row.userAgent).toBe("evilagent");
    expect(row.detail).toEqual({ amountFen: "12345678901234567890", at: "2026-11-23T01:02:03.456Z", s: "ab" });
    expect(await db.auditSeal.count({ where: { entryId: id } })).toBe(0);
    // Stored byte for byte as the canonical JSON appendAudit wrote (what the verifier hashes directly).
    const raw = (await pool.query(`SELECT detail::text AS t FROM "AuditEntry" WHERE id = $1`, [String(id)])).rows[0].t;
    expect(raw).toBe('{"amountFen":"12345678901234567890","at":"2026-11-23T01:02:03.456Z","s":"ab"}');
  });
});

describe("the database refuses rewriting history", () => {
  it("refuses every UPDATE and DELETE of entries (even one matching no row) and TRUNCATE", async () => {
    await append(1);
    await expect(pool.query(`UPDATE "AuditEntry" SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`UPDATE "AuditEntry" SET action = 'forged' WHERE false`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE "AuditEntry" CASCADE`)).rejects.toThrow(/append-only/);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of seals, and of a sealed entry", async () => {
    await sealAuditLog(pool);
    await expect(pool.query(`UPDATE "AuditEntry" SET detail = '{"forged":true}' WHERE id = ${entryAt(1)}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query(`UPDATE "AuditSeal" SET hash = repeat('a', 64) WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM "AuditSeal" WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE "AuditSeal"`)).rejects.toThrow(/append-only/);
  });
});

describe("sealing", () => {
  it("is dense and gap-free, each committed entry once, with appenders and several sealers running at once", async () => {
    await sealAuditLog(pool);
    const start = await head();
    let appending = true;
    const writers = Array.from({ length: 4 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 40; i++)
          await db.$transaction((tx) => appendAudit(tx, actor, { action: "bid.submitted", entityType: "bid", entityId: `${w}-${i}` }));
      })(),
    );
    const sealers = Array.from({ length: 3 }, () =>
      (async () => {
        let n = 0;
        while (appending) n += await sealAuditLog(pool, { batch: 7 });
        return n;
      })(),
    );
    await Promise.all(writers);
    appending = false;
    const sealedConcurrently = (await Promise.all(sealers)).reduce((a, b) => a + b, 0);
    const rest = await sealAuditLog(pool);
    expect(sealedConcurrently + rest).toBe(160);

    const rows = (
      await pool.query(`SELECT "entryId"::int AS id, seq::int, "prevHash", hash FROM "AuditSeal" WHERE seq > $1 ORDER BY seq`, [start])
    ).rows;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 160 }, (_, i) => start + 1 + i));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    // Each committed entry exactly once. (Across batches the chain follows commit order, which may differ
    // from id order when a transaction with a lower id commits later; within a pass it is id order.)
    expect(new Set(rows.map((r) => r.id)).size).toBe(160);
    expect(await countUnsealed(pool)).toBe(0);
  });

  it("never skips an entry whose transaction commits after later ones were sealed", async () => {
    // The entry's id is drawn first, its transaction stays open while later entries commit and are sealed
    // (so the sealer's floor would like to move past it), then it commits.
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    await slow.query("BEGIN");
    const slowId = await appendAudit(slow, actor, { action: "bid.submitted", entityType: "bid", entityId: "slow" });
    for (let round = 0; round < 4; round++) {
      await append(3);
      await sealAuditLog(pool);
    }
    expect(await db.auditSeal.count({ where: { entryId: slowId } })).toBe(0);
    await slow.query("COMMIT");
    await slow.end();
    await append(1);
    await sealAuditLog(pool);
    expect(await db.auditSeal.count({ where: { entryId: slowId } })).toBe(1);
    expect(await countUnsealed(pool)).toBe(0);
    // And one rolled back leaves a hole in the ids, not in the chain.
    const gone = new pg.Client({ connectionString: url });
    await gone.connect();
    await gone.query("BEGIN");
    await appendAudit(gone, actor, { action: "bid.submitted", entityType: "bid", entityId: "gone" });
    await gone.query("ROLLBACK");
    await gone.end();
    await append(2);
    expect(await sealAuditLog(pool)).toBe(2);
    expect((await verifyAuditChain(pool)).ok).toBe(true);
  });

  it("seals what is committed in id order, in one pass", async () => {
    const ids = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.$transaction((tx) => appendAudit(tx, actor, { action: "bid.submitted", entityType: "bid", entityId: `p-${i}` })),
      ),
    );
    expect(await sealAuditLog(pool, { batch: 6 })).toBe(25);
    const rows = (
      await pool.query(`SELECT s."entryId"::int AS id FROM "AuditSeal" s WHERE s."entryId" = ANY($1::bigint[]) ORDER BY s.seq`, [
        ids.map(String),
      ])
    ).rows;
    expect(rows.map((r) => r.id)).toEqual([...ids].map(Number).sort((a, b) => a - b));
  });

  it("starts the chain at the genesis hash", async () => {
    const r = await pool.query(`SELECT "prevHash" FROM "AuditSeal" WHERE seq = 1`);
    expect(r.rows[0].prevHash).toBe(GENESIS_HASH);
  });
});

describe("verification", () => {
  it("accepts a clean chain and reports the unsealed", async () => {
    await append(30);
    // Text that JSON escapes, in every free-text column: the database's rendering must equal JavaScript's.
    const odd = 'q"b\\s\u0001\n\t\u007f\u2028é投标😀';
    await db.$transaction((tx) =>
      appendAudit(tx, { ...actor, ip: odd.slice(0, 20), userAgent: odd }, {
        action: "x.odd", entityType: odd, entityId: odd, before: { a: 1 }, detail: { [odd]: odd, n: -1.5e-7, big: 1e21 },
      }),
    );
    await sealAuditLog(pool, { batch: 8 });
    await db.$transaction((tx) => appendAudit(tx, systemActor(), { action: "x.late", entityType: "t", entityId: "1" }));
    const r = await verify({ batch: 16 });
    expect(r.firstBad).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.rechecked).toBe(0); // every row confirmed by the database's hash
    expect(r.unsealed).toBe(1);
    expect(r.entries).toBe(Number(r.headSeq));
    await sealAuditLog(pool);
  });

  it("names the entry whose detail was edited behind the application's back", async () => {
    await append(10);
    await sealAuditLog(pool);
    const victim = (await head()) - 4;
    // Rewritten through jsonb: a changed value, and no longer the canonical text appendAudit stored.
    await asSuperuser(`UPDATE "AuditEntry" SET detail = jsonb_set(detail::jsonb, '{i}', '999')::json WHERE id = ${entryAt(victim)}`);
    const r = await verify({ batch: 5 });
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ seq: String(victim), reason: "hash_mismatch" });
    // Restored to the same values in jsonb's (non-canonical) form: re-canonicalised, the chain holds again.
    await asSuperuser(`UPDATE "AuditEntry" SET detail = jsonb_set(detail::jsonb, '{i}', '5')::json WHERE id = ${entryAt(victim)}`);
    expect((await pool.query(`SELECT detail::text AS t FROM "AuditEntry" WHERE id = ${entryAt(victim)}`)).rows[0].t).toMatch(/": /);
    const again = await verify();
    expect(again.ok).toBe(true);
    expect(again.rechecked).toBe(1); // the database's hash of the non-canonical text differs; JavaScript's confirms
  });

  it("names an entry whose seal was re-hashed", async () => {
    const victim = (await head()) - 2;
    const orig = (await pool.query(`SELECT hash FROM "AuditSeal" WHERE seq = $1`, [victim])).rows[0].hash;
    await asSuperuser(`UPDATE "AuditEntry" SET action = 'forged' WHERE id = ${entryAt(victim)}`);
    await asSuperuser(`UPDATE "AuditSeal" SET hash = repeat('f', 64) WHERE seq = $1`, [victim]);
    const r = await verify();
    expect(r.firstBad).toMatchObject({ seq: String(victim), reason: "hash_mismatch" });
    await asSuperuser(`UPDATE "AuditEntry" SET action = 'tender.published' WHERE id = ${entryAt(victim)}`);
    await asSuperuser(`UPDATE "AuditSeal" SET hash = $2 WHERE seq = $1`, [victim, orig]);
    expect((await verify()).ok).toBe(true);
  });

  it("names a seal whose prevHash was replaced", async () => {
    const victim = (await head()) - 1;
    const orig = (await pool.query(`SELECT "prevHash" FROM "AuditSeal" WHERE seq = $1`, [victim])).rows[0].prevHash;
    await asSuperuser(`UPDATE "AuditSeal" SET "prevHash" = repeat('c', 64) WHERE seq = $1`, [victim]);
    expect((await verify()).firstBad).toMatchObject({ seq: String(victim), reason: "prev_hash_mismatch" });
    await asSuperuser(`UPDATE "AuditSeal" SET "prevHash" = $2 WHERE seq = $1`, [victim, orig]);
    expect((await verify()).ok).toBe(true);
  });

  it("verifies in parallel segments and names the first bad entry at the edge of a segment", async () => {
    const h = await head();
    const clean = await verify({ parallel: 3, parallelMin: 1, batch: 7 });
    expect(clean).toMatchObject({ ok: true, entries: h });
    // The last entry of the first segment.
    const boundary = Math.floor(h / 3) + 1;
    const orig = (await pool.query(`SELECT hash FROM "AuditSeal" WHERE seq = $1`, [boundary - 1])).rows[0].hash;
    await asSuperuser(`UPDATE "AuditSeal" SET hash = repeat('b', 64) WHERE seq = $1`, [boundary - 1]);
    const r = await verify({ parallel: 3, parallelMin: 1, batch: 7 });
    expect(r.firstBad).toMatchObject({ seq: String(boundary - 1), reason: "hash_mismatch" });
    await asSuperuser(`UPDATE "AuditSeal" SET hash = $2 WHERE seq = $1`, [boundary - 1, orig]);
    expect((await verify({ parallel: 3, parallelMin: 1 })).ok).toBe(true);
  });

  it("detects a deleted entry, and a deleted seal, as a gap at that position", async () => {
    const h = await head();
    const entryId = (await pool.query(`SELECT "entryId"::text AS id FROM "AuditSeal" WHERE seq = $1`, [h - 3])).rows[0].id;
    await asSuperuser(`DELETE FROM "AuditEntry" WHERE id = $1`, [entryId]);
    let r = await verify({ batch: 4 });
    expect(r.ok).toBe(false);
    expect(r.firstBad).toEqual({ seq: String(h - 3), id: entryId, reason: "seq_gap" });
    await asSuperuser(`DELETE FROM "AuditSeal" WHERE seq = $1`, [h - 5]);
    r = await verify({ batch: 4 });
    expect(r.firstBad).toMatchObject({ seq: String(h - 5), reason: "seq_gap" });
    r = await verify({ parallel: 2, parallelMin: 1, batch: 3 });
    expect(r.firstBad).toMatchObject({ seq: String(h - 5), reason: "seq_gap" });
  });
});

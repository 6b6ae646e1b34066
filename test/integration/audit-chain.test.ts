import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { GENESIS_HASH } from "~/domain/audit/canonical";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";
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

/** Runs SQL as the superuser with the append-only trigger disabled: tampering behind the app's back. */
async function asSuperuser(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`ALTER TABLE "AuditEntry" DISABLE TRIGGER audit_entry_guard`);
    await c.query(sql, params);
  } finally {
    await c.query(`ALTER TABLE "AuditEntry" ENABLE TRIGGER audit_entry_guard`);
    await c.end();
  }
}

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
    expect(row.seq).toBeNull();
  });
});

describe("the database refuses rewriting history", () => {
  it("refuses UPDATE of an unsealed entry, DELETE and TRUNCATE", async () => {
    await append(1);
    await expect(pool.query(`UPDATE "AuditEntry" SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE "AuditEntry"`)).rejects.toThrow(/append-only/);
  });

  it("refuses UPDATE of a sealed entry's detail and re-sealing it", async () => {
    await sealAuditLog(pool);
    await expect(pool.query(`UPDATE "AuditEntry" SET detail = '{"forged":true}' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query(`UPDATE "AuditEntry" SET hash = repeat('a', 64) WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe("sealing", () => {
  it("is dense and gap-free, each committed entry once, with appenders and several sealers running at once", async () => {
    await sealAuditLog(pool);
    const start = Number((await pool.query(`SELECT coalesce(max(seq), 0) AS m FROM "AuditEntry"`)).rows[0].m);
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
      await pool.query(`SELECT id::int, seq::int, "prevHash", hash FROM "AuditEntry" WHERE seq > $1 ORDER BY seq`, [start])
    ).rows;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 160 }, (_, i) => start + 1 + i));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    // Each committed entry exactly once. (Across batches the chain follows commit order, which may differ
    // from id order when a transaction with a lower id commits later; within a pass it is id order.)
    expect(new Set(rows.map((r) => r.id)).size).toBe(160);
    expect((await pool.query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE hash IS NULL`)).rows[0].n).toBe(0);
  });

  it("seals what is committed in id order, in one pass", async () => {
    const ids = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.$transaction((tx) => appendAudit(tx, actor, { action: "bid.submitted", entityType: "bid", entityId: `p-${i}` })),
      ),
    );
    expect(await sealAuditLog(pool, { batch: 6 })).toBe(25);
    const rows = (
      await pool.query(`SELECT e.id::int AS id FROM "AuditEntry" e WHERE e.id = ANY($1::bigint[]) ORDER BY e.seq`, [
        ids.map(String),
      ])
    ).rows;
    expect(rows.map((r) => r.id)).toEqual([...ids].map(Number).sort((a, b) => a - b));
  });

  it("starts the chain at the genesis hash", async () => {
    const r = await pool.query(`SELECT "prevHash" FROM "AuditEntry" WHERE seq = 1`);
    expect(r.rows[0].prevHash).toBe(GENESIS_HASH);
  });
});

describe("verification", () => {
  it("accepts a clean chain and reports the unsealed", async () => {
    await append(30);
    await sealAuditLog(pool, { batch: 8 });
    await db.$transaction((tx) => appendAudit(tx, systemActor(), { action: "x.late", entityType: "t", entityId: "1" }));
    const r = await verifyAuditChain(pool, { batch: 16 });
    expect(r.firstBad).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.unsealed).toBe(1);
    expect(r.entries).toBe(Number(r.headSeq));
    await sealAuditLog(pool);
  });

  it("names the entry whose detail was edited behind the application's back", async () => {
    await append(10);
    await sealAuditLog(pool);
    const head = Number((await pool.query(`SELECT max(seq) AS m FROM "AuditEntry"`)).rows[0].m);
    const victim = head - 4;
    await asSuperuser(`UPDATE "AuditEntry" SET detail = jsonb_set(detail, '{i}', '999') WHERE seq = $1`, [victim]);
    const r = await verifyAuditChain(pool, { batch: 5 });
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ seq: String(victim), reason: "hash_mismatch" });
    // Restore so the next tests start from a clean chain.
    await asSuperuser(`UPDATE "AuditEntry" SET detail = jsonb_set(detail, '{i}', '5') WHERE seq = $1`, [victim]);
    expect((await verifyAuditChain(pool)).ok).toBe(true);
  });

  it("names a re-hashed entry by the broken link after it", async () => {
    const head = Number((await pool.query(`SELECT max(seq) AS m FROM "AuditEntry"`)).rows[0].m);
    const victim = head - 2;
    const orig = (await pool.query(`SELECT hash FROM "AuditEntry" WHERE seq = $1`, [victim])).rows[0].hash;
    await asSuperuser(`UPDATE "AuditEntry" SET action = 'forged', hash = repeat('f', 64) WHERE seq = $1`, [victim]);
    const r = await verifyAuditChain(pool);
    expect(r.firstBad?.seq).toBe(String(victim));
    await asSuperuser(`UPDATE "AuditEntry" SET action = 'tender.published', hash = $2 WHERE seq = $1`, [victim, orig]);
    expect((await verifyAuditChain(pool)).ok).toBe(true);
  });

  it("verifies in parallel segments and names the first bad entry at the edge of a segment", async () => {
    const head = Number((await pool.query(`SELECT max(seq) AS m FROM "AuditEntry"`)).rows[0].m);
    const clean = await verifyAuditChain(pool, { parallel: 3, parallelMin: 1, batch: 7 });
    expect(clean).toMatchObject({ ok: true, entries: head });
    // The last entry of the first segment.
    const boundary = Math.floor(head / 3) + 1;
    const orig = (await pool.query(`SELECT hash FROM "AuditEntry" WHERE seq = $1`, [boundary - 1])).rows[0].hash;
    await asSuperuser(`UPDATE "AuditEntry" SET hash = repeat('b', 64) WHERE seq = $1`, [boundary - 1]);
    const r = await verifyAuditChain(pool, { parallel: 3, parallelMin: 1, batch: 7 });
    expect(r.firstBad).toMatchObject({ seq: String(boundary - 1), reason: "hash_mismatch" });
    await asSuperuser(`UPDATE "AuditEntry" SET hash = $2 WHERE seq = $1`, [boundary - 1, orig]);
    expect((await verifyAuditChain(pool, { parallel: 3, parallelMin: 1 })).ok).toBe(true);
  });

  it("detects a deleted entry as a seq gap", async () => {
    const head = Number((await pool.query(`SELECT max(seq) AS m FROM "AuditEntry"`)).rows[0].m);
    await asSuperuser(`DELETE FROM "AuditEntry" WHERE seq = $1`, [head - 3]);
    const r = await verifyAuditChain(pool, { batch: 4 });
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ seq: String(head - 3), reason: "seq_gap" });
  });
});

import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { closeAuditPools, getAuditPool } from "~/domain/audit/audit-pool";
import { GENESIS_HASH } from "~/domain/audit/canonical";
import runDailyCheckpoint from "~/domain/audit/run-daily-checkpoint";
import { dayEnd, shanghaiDay } from "~/domain/audit/shanghai-day";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
import { verifyCheckpointExtends } from "~/domain/audit/verify-checkpoint-extends";
import { writeAuditCheckpoint } from "~/domain/audit/write-audit-checkpoint";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db, url } = await useTestDb();
useQueuePrefix();
const pool = getAuditPool(url);
afterAll(() => closeAuditPools());

const staff: Actor = { userId: null, role: "STAFF", orgId: null, ip: "10.0.0.9", userAgent: "test" };
const append = (n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      db.$transaction((tx) => appendAudit(tx, staff, { action: "tender.created", entityType: "tender", entityId: `T${i}` })),
    ),
  );

const today = shanghaiDay(new Date());
const afterToday = new Date(dayEnd(today).getTime() + 5 * 60_000); // 00:05 tomorrow, Shanghai

describe("daily checkpoint", () => {
  it("refuses a day that has not ended, and anyone but the system", async () => {
    await expect(writeAuditCheckpoint(systemActor(), { day: today })).rejects.toMatchObject({ code: "audit:errors.dayNotEnded" });
    await expect(writeAuditCheckpoint(staff, { day: "2026-01-01" })).rejects.toMatchObject({ status: 403 });
    await expect(writeAuditCheckpoint(systemActor(), { day: "2026-02-30" })).rejects.toMatchObject({ code: "audit:errors.badDay" });
  });

  it("publishes the genesis hash for a day before the first entry", async () => {
    const cp = await writeAuditCheckpoint(systemActor(), { day: "2026-01-01" });
    expect(cp).toMatchObject({ day: "2026-01-01", headSeq: "0", headHash: GENESIS_HASH, count: "0", created: true });
  });

  it("closes the day at its last entry, once, audited, with its PDF job enqueued", async () => {
    await append(12);
    const cp = await writeAuditCheckpoint(systemActor(), { now: afterToday });
    expect(cp.day).toBe(today);
    expect(cp.created).toBe(true);
    const head = (await pool.query(`SELECT s.seq::text AS seq, s.hash FROM "AuditSeal" s JOIN "AuditEntry" e ON e.id = s."entryId"
        WHERE e.action = 'tender.created' ORDER BY s.seq DESC LIMIT 1`)).rows[0];
    // Everything before midnight (all 12, plus the 2026-01-01 checkpoint's own audit entry).
    expect(cp.headSeq).toBe(head.seq);
    expect(cp.headHash).toBe(head.hash);
    expect(cp.count).toBe(cp.headSeq);

    const again = await writeAuditCheckpoint(systemActor(), { now: afterToday });
    expect(again).toMatchObject({ id: cp.id, created: false, headHash: cp.headHash });
    const audits = await db.auditEntry.findMany({ where: { action: "audit.checkpoint_written", entityId: cp.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({ day: today, headSeq: cp.headSeq });
    const jobs = await db.outboxJob.findMany({ where: { name: "renderAuditCheckpoint" } });
    expect(jobs.map((j) => (j.payload as { checkpointId: string }).checkpointId)).toContain(cp.id);
    expect(await db.auditCheckpoint.count({ where: { day: today } })).toBe(1);
  });

  it("runs as the scheduled job handler (idempotent)", async () => {
    const r = await runDailyCheckpoint({ day: "2026-01-01" });
    expect(r).toMatchObject({ day: "2026-01-01", headSeq: "0", created: false });
  });

  it("is checked by verification, and a checkpoint extends the previous one", async () => {
    const r = await verifyAuditChain(pool);
    expect(r.ok).toBe(true);
    expect(r.checkpoints.checked).toBe(2);
    const ext = await verifyCheckpointExtends(today, { pool });
    expect(ext).toMatchObject({ ok: true, fromSeq: "0" });
    expect(ext.entries).toBe(Number(ext.toSeq));
  });

  it("catches a published checkpoint that the chain no longer reaches", async () => {
    const cp = await db.auditCheckpoint.findUniqueOrThrow({ where: { day: today } });
    const published = [{ day: today, headSeq: cp.headSeq.toString(), headHash: "e".repeat(64) }];
    const r = await verifyAuditChain(pool, { checkpoints: published });
    expect(r.ok).toBe(false);
    expect(r.checkpoints.bad).toEqual([{ day: today, reason: "hash_mismatch" }]);
  });

  it("catches an entry edited inside the checkpointed segment", async () => {
    const cp = await db.auditCheckpoint.findUniqueOrThrow({ where: { day: today } });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`ALTER TABLE "AuditEntry" DISABLE TRIGGER audit_entry_guard`);
    await c.query(`UPDATE "AuditEntry" SET "entityId" = 'FORGED' WHERE id = (SELECT "entryId" FROM "AuditSeal" WHERE seq = $1)`, [
      cp.headSeq.toString(),
    ]);
    await c.query(`ALTER TABLE "AuditEntry" ENABLE TRIGGER audit_entry_guard`);
    await c.end();
    const ext = await verifyCheckpointExtends(today, { pool });
    expect(ext.ok).toBe(false);
    expect(ext.firstBad).toMatchObject({ seq: cp.headSeq.toString(), reason: "hash_mismatch" });
  });
});

import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { generateBidReceiptDocument } from "~/domain/bids/generate-bid-receipt-document";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { bond, sealFor, setupBidding, sha256hex, tusUpload, useTempStorage } from "./bids-fixtures";

// Issue 14: `npm run backup` then `npm run restore` into a fresh database: the audit chain verifies and every
// receipt's file (the bid envelope and the receipt PDF) hashes as recorded.

const { db, url } = await useTestDb();
useQueuePrefix();
const storageDir = useTempStorage();
const work = mkdtempSync(path.join(tmpdir(), "ggzy-backup-"));
const restoredName = `ggzy_restore_${randomBytes(4).toString("hex")}`;
const restoredUrl = (() => {
  const u = new URL(url);
  u.pathname = `/${restoredName}`;
  return u.toString();
})();
afterAll(async () => {
  const u = new URL(url);
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
});

const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

describe("backup and restore", () => {
  it("restores into a fresh database: audit chain verifies, every receipt's files hash as recorded", async () => {
    const s = await setupBidding(db);
    for (const who of [s.bidder, s.otherBidder]) {
      const sealed = await sealFor(s.lot.id, who === s.bidder ? s.key.spki : s.otherKey.spki);
      const uploadId = await tusUpload(who === s.bidder ? s.token : s.otherToken, sealed.envelope);
      const r = await finaliseBid(who, { lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, bond: bond() });
      await generateBidReceiptDocument(systemActor("worker:documents"), { receiptId: r.receiptId });
    }

    const backup = run("scripts/backup.ts", ["--out", work], { DATABASE_URL: url, STORAGE_DIR: storageDir });
    expect(backup.status, backup.stderr + backup.stdout).toBe(0);
    const dir = path.join(work, readdirSync(work)[0]!);
    const restoredStorage = path.join(work, "restored-storage");
    const restore = run("scripts/restore.ts", [dir, "--database-url", restoredUrl, "--storage-dir", restoredStorage], {});
    expect(restore.status, restore.stderr + restore.stdout).toBe(0);
    // Never over live data.
    const again = run("scripts/restore.ts", [dir, "--database-url", restoredUrl, "--storage-dir", path.join(work, "other")], {});
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("fresh database");

    const verify = run("scripts/audit-verify.ts", ["--no-checkpoints"], { DATABASE_URL: restoredUrl });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);

    const c = new pg.Client({ connectionString: restoredUrl });
    await c.connect();
    const rows = (
      await c.query<{ bidKey: string; bidSha: string; docKey: string; docSha: string }>(`
        SELECT b."storageKey" AS "bidKey", b."ciphertextSha256" AS "bidSha", d."storageKey" AS "docKey", d.sha256 AS "docSha"
        FROM "BidReceipt" r JOIN "Bid" b ON b.id = r."bidId" JOIN "Document" d ON d.id = r."documentId"`)
    ).rows;
    await c.end();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(sha(path.join(restoredStorage, r.bidKey))).toBe(r.bidSha);
      expect(sha(path.join(restoredStorage, r.docKey))).toBe(r.docSha);
    }
  }, 240_000);
});

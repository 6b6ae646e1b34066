/**
 * `npm run backup [-- --out <dir>]` — a consistent backup of the database and the document/bid storage
 * (issue 14; docs/operations.md). Writes <out>/ggzy-backup-<UTC instant>/ with
 *   db.dump        pg_dump custom format (one snapshot of the whole database)
 *   storage.tar    STORAGE_DIR without in-progress uploads (uploads/)
 *   manifest.json  instant, sizes and SHA-256 of both, row counts
 * Consistency: the dump comes FIRST, the storage copy after it. Stored files are never changed once written
 * and are written (fsynced) before the row naming them commits, so every file the dump names exists when
 * the copy is made; files written meanwhile are extra (swept as orphans later if no row names them).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { getEnv } from "~/lib/env.server";

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options: { out: { type: "string", default: "var/backups" } } });
const env = getEnv();
const stamp = new Date().toISOString().replace(/[:.]/g, "").replace("T", "-").slice(0, 17);
const dir = path.resolve(values.out!, `ggzy-backup-${stamp}`);
mkdirSync(dir, { recursive: true });

const sha = (f: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(f).on("data", (c) => h.update(c)).on("end", () => resolve(h.digest("hex"))).on("error", reject);
  });

const t0 = Date.now();
// The row counts of the manifest and the dump come from ONE snapshot (pg_export_snapshot → pg_dump --snapshot),
// so that restore can check them exactly even while the portal keeps writing.
const c = new pg.Client({ connectionString: env.DATABASE_URL });
await c.connect();
await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
const snapshot = (await c.query("SELECT pg_export_snapshot() AS s")).rows[0].s as string;
const counts: Record<string, number> = {};
for (const t of ["Bid", "BidReceipt", "Document", "AuditEntry", "Lot"]) counts[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
execFileSync("pg_dump", ["--format=custom", "--compress=6", `--snapshot=${snapshot}`, `--file=${path.join(dir, "db.dump")}`, env.DATABASE_URL], { stdio: "inherit" });
await c.query("COMMIT");
await c.end();
const storage = path.resolve(env.STORAGE_DIR);
const tarFile = path.join(dir, "storage.tar");
if (existsSync(storage)) execFileSync("tar", ["--create", `--file=${tarFile}`, "--exclude=./uploads", "--exclude=./.tmp-*", "-C", storage, "."], { stdio: "inherit" });
else execFileSync("tar", ["--create", `--file=${tarFile}`, "--files-from=/dev/null"]);

const manifest = {
  createdAt: new Date().toISOString(),
  database: env.DATABASE_URL.replace(/\/\/[^@/]*@/, "//"),
  storageDir: storage,
  db: { file: "db.dump", size: statSync(path.join(dir, "db.dump")).size, sha256: await sha(path.join(dir, "db.dump")) },
  storage: { file: "storage.tar", size: statSync(tarFile).size, sha256: await sha(tarFile) },
  counts,
  ms: Date.now() - t0,
};
writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
console.log(`[backup] ${dir}\n[backup] ${JSON.stringify({ counts, dbBytes: manifest.db.size, storageBytes: manifest.storage.size, ms: manifest.ms })}`);

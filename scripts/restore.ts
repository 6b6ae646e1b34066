/**
 * `npm run restore -- <backup dir> [--database-url <url>] [--storage-dir <dir>]` — restores a backup made by
 * `npm run backup` into a FRESH database (created when missing; refused when it already has tables) and an
 * empty storage directory (DATABASE_URL and STORAGE_DIR by default). Checks both files against the manifest
 * first. Afterwards run `npm run audit:verify` (the restore test does) and start the portal.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { getEnv } from "~/lib/env.server";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  allowPositionals: true,
  options: { "database-url": { type: "string" }, "storage-dir": { type: "string" } },
});
const dir = positionals[0];
if (!dir || !existsSync(path.join(dir, "manifest.json"))) {
  console.error("usage: npm run restore -- <backup dir> [--database-url <url>] [--storage-dir <dir>]");
  process.exit(2);
}
const env = getEnv();
const url = values["database-url"] ?? env.DATABASE_URL;
const storage = path.resolve(values["storage-dir"] ?? env.STORAGE_DIR);
const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as {
  db: { file: string; sha256: string };
  storage: { file: string; sha256: string };
  counts: Record<string, number>;
};
const sha = (f: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(f).on("data", (c) => h.update(c)).on("end", () => resolve(h.digest("hex"))).on("error", reject);
  });
for (const part of [manifest.db, manifest.storage]) {
  if ((await sha(path.join(dir, part.file))) !== part.sha256) {
    console.error(`[restore] ${part.file} does not match the manifest's SHA-256: damaged backup, nothing restored`);
    process.exit(1);
  }
}

// A fresh database: created when missing, refused when it holds tables (never restore over live data).
const u = new URL(url);
const name = decodeURIComponent(u.pathname.slice(1));
const adminUrl = new URL(url);
adminUrl.pathname = "/postgres";
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0;
if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
await admin.end();
const target = new pg.Client({ connectionString: url });
await target.connect();
const tables = Number((await target.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n);
await target.end();
if (tables > 0) {
  console.error(`[restore] database ${name} already has ${tables} tables: restore only into a fresh database`);
  process.exit(1);
}
if (existsSync(storage) && readdirSync(storage).length > 0) {
  console.error(`[restore] storage directory ${storage} is not empty: restore only into an empty one`);
  process.exit(1);
}

const t0 = Date.now();
execFileSync("pg_restore", ["--exit-on-error", "--no-owner", `--dbname=${url}`, path.join(dir, manifest.db.file)], { stdio: "inherit" });
mkdirSync(storage, { recursive: true });
execFileSync("tar", ["--extract", `--file=${path.join(dir, manifest.storage.file)}`, "-C", storage], { stdio: "inherit" });

const check = new pg.Client({ connectionString: url });
await check.connect();
const wrong: string[] = [];
for (const [t, n] of Object.entries(manifest.counts)) {
  const got = Number((await check.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
  if (got !== n) wrong.push(`${t}: ${got} rows, backup had ${n}`);
}
await check.end();
if (wrong.length) {
  console.error(`[restore] row counts differ: ${wrong.join("; ")}`);
  process.exit(1);
}
console.log(`[restore] ${dir} → ${url.replace(/\/\/[^@/]*@/, "//")} and ${storage} in ${Date.now() - t0} ms; row counts match the manifest. Next: npm run audit:verify`);

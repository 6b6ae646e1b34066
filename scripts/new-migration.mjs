#!/usr/bin/env node
// Authoring helper for migrations (dev only; deploy uses `prisma migrate deploy`).
// Prisma 6.19's wasm schema engine crashes ("RuntimeError: unreachable") when it introspects CHECK
// constraints, so `migrate dev` cannot diff our migrations. This runs the same diff against a copy of
// prisma/migrations with the hand-written CHECK constraints removed (they are not part of the Prisma
// datamodel anyway) and writes the SQL into a new migration folder. See docs/decisions/0002.
//   node scripts/new-migration.mjs <name>      → prisma/migrations/<timestamp>_<name>/migration.sql
//   node scripts/new-migration.mjs --check     → exit 1 if the schema has changes no migration holds
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const arg = process.argv[2];
if (!arg) {
  console.error("usage: node scripts/new-migration.mjs <name> | --check");
  process.exit(2);
}
const tmp = mkdtempSync(path.join(tmpdir(), "ggzy-mig-"));
try {
  cpSync("prisma/migrations", tmp, { recursive: true });
  for (const dir of readdirSync(tmp)) {
    const f = path.join(tmp, dir, "migration.sql");
    try {
      const sql = readFileSync(f, "utf8");
      writeFileSync(f, sql.replace(/ALTER TABLE\s+"[^"]+"\s+ADD CONSTRAINT\s+"[^"]+"\s+CHECK\s*\([\s\S]*?\);/g, ""));
    } catch {
      /* migration_lock.toml */
    }
  }
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/ggzy_dev";
  const out = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-migrations", tmp, "--to-schema-datamodel", "prisma/schema", "--script"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const body = out.replace(/^Loaded Prisma config.*\n/m, "").trim();
  const empty = body === "" || body === "-- This is an empty migration.";
  if (arg === "--check") {
    if (!empty) {
      console.error("The Prisma schema has changes that no migration holds:\n" + body);
      process.exit(1);
    }
    console.log("migrations match the schema");
  } else if (empty) {
    console.log("nothing to migrate");
  } else {
    const ts = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma/migrations", `${ts}_${arg.replace(/[^a-z0-9_]/gi, "_")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), body + "\n");
    console.log(`wrote ${dir}/migration.sql — review it, append hand-written SQL, then: npx prisma migrate deploy`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

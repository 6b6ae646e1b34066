import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Builds (once per set of migrations) a template database with every migration applied; each test file
 * then clones it in a few milliseconds (test/support/db.ts). The template's name carries a digest of the
 * migrations, so a stale template from an earlier run is never reused after a schema change.
 */
export const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function templateName(): string {
  const dir = path.resolve("prisma/migrations");
  const h = createHash("sha256");
  for (const m of readdirSync(dir).sort()) {
    if (m.endsWith(".toml")) continue;
    h.update(m);
    h.update(readFileSync(path.join(dir, m, "migration.sql")));
  }
  return `ggzy_tpl_${h.digest("hex").slice(0, 16)}`;
}

export default async function setup() {
  const name = templateName();
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    // One lock so that two concurrent runs do not build the same template twice.
    await client.query("SELECT pg_advisory_lock(4242001)");
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate", [name]);
    if (exists.rowCount === 0) {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      await client.query(`CREATE DATABASE "${name}"`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      execFileSync("npx", ["prisma", "migrate", "deploy"], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        stdio: "pipe",
      });
      await client.query(`ALTER DATABASE "${name}" WITH is_template = true ALLOW_CONNECTIONS = false`);
    }
    await client.query("SELECT pg_advisory_unlock(4242001)");
  } finally {
    await client.end();
  }
  process.env.TEST_TEMPLATE_DB = name;
}

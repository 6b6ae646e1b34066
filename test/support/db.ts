import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { createDb, setDb, type Db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { ADMIN_URL, templateName } from "./global-setup";

export interface TestDb {
  db: Db;
  url: string;
  name: string;
}

/**
 * A fresh database for this test file, cloned from the migrated template, dropped after the file.
 * Also points the process (getDb, DATABASE_URL) at it, so domain code under test uses it.
 */
export async function useTestDb(): Promise<TestDb> {
  const name = `ggzy_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  process.env.DATABASE_URL = url;
  resetEnvCache();
  const db = createDb(url, 5);
  setDb(db);
  afterAll(async () => {
    await db.$disconnect();
    setDb(undefined);
    const a = new pg.Client({ connectionString: ADMIN_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });
  return { db, url, name };
}

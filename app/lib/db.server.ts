import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { pgConfigFromUrl } from "./pg-config";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: domain writes take this so audit rides along. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// On the client itself, under a registered symbol: server.ts (run from source) and the server build each
// have their own copy of this module, and share the one client through globalThis.__db.
const POOL = Symbol.for("ggzy.db.pgPool");
type WithPool = PrismaClient & { [POOL]?: pg.Pool };

export function createDb(url = getEnv().DATABASE_URL, max = 10): PrismaClient {
  // Our own pool handed to the adapter (and ended with the client), so raw-SQL hot paths can share it.
  const pool = new pg.Pool(pgConfigFromUrl(url, { max }));
  // An idle connection that dies (database restart) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  (db as WithPool)[POOL] = pool;
  return db;
}

/**
 * The pg pool under a client made by createDb: the same database and connections, without Prisma's
 * per-query cost (a query plan compiled for every call). For hot paths only (finalise, ADR 0027).
 */
export function pgPoolOf(db: PrismaClient): pg.Pool {
  const pool = (db as WithPool)[POOL];
  if (!pool) throw new Error("pgPoolOf: this client was not made by createDb");
  return pool;
}

const g = globalThis as unknown as { __db?: PrismaClient };

/** One client per process (kept across dev-server reloads). */
export function getDb(): PrismaClient {
  g.__db ??= createDb();
  return g.__db;
}

/** Tests point the process at their own database. */
export function setDb(db: PrismaClient | undefined) {
  g.__db = db;
}

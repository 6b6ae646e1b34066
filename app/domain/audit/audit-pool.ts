import pg from "pg";
import { getEnv } from "~/lib/env.server";
import { pgConfigFromUrl } from "~/lib/pg-config";

/**
 * The chain's hot paths (sealing thousands of rows per batch, verifying a million) use the plain `pg`
 * driver: Prisma's per-row overhead would cost most of the 10 s verification budget. One pool per
 * database URL per process, so tests that switch databases get their own.
 */
export type AuditPool = pg.Pool;

const g = globalThis as unknown as { __auditPools?: Map<string, pg.Pool> };

export function getAuditPool(url = getEnv().DATABASE_URL): pg.Pool {
  g.__auditPools ??= new Map();
  let pool = g.__auditPools.get(url);
  if (!pool) {
    pool = new pg.Pool(pgConfigFromUrl(url, { max: 6, application_name: "ggzy-audit" }));
    // An idle client that dies (database restart) must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    g.__auditPools.set(url, pool);
  }
  return pool;
}

/** Closes the pools (tests, scripts, graceful shutdown). */
export async function closeAuditPools(): Promise<void> {
  const pools = [...(g.__auditPools?.values() ?? [])];
  g.__auditPools?.clear();
  await Promise.all(pools.map((p) => p.end().catch(() => {})));
}

/** Accepts a pg Pool, or anything else (the Prisma client) meaning "the process's database". */
export function resolvePool(db?: unknown): pg.Pool {
  return db instanceof pg.Pool ? db : getAuditPool();
}

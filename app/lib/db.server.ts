import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { pgConfigFromUrl } from "./pg-config";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: domain writes take this so audit rides along. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createDb(url = getEnv().DATABASE_URL, max = 10): PrismaClient {
  const adapter = new PrismaPg(pgConfigFromUrl(url, { max }));
  return new PrismaClient({ adapter });
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

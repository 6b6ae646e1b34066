import { afterAll, inject } from "vitest";
import { createDb, setDb } from "~/lib/db.server";

/**
 * The e2e database for this file's fixtures and checks, made the domain's database too (setDb) so that domain
 * calls in the file write where the server reads; released after the file.
 */
export function useE2eDb() {
  const db = createDb(inject("e2eDatabaseUrl"), 3);
  setDb(db);
  afterAll(async () => {
    setDb(undefined);
    await db.$disconnect();
  });
  return db;
}

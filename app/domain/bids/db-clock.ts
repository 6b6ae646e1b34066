import type { Tx } from "~/lib/db.server";

/**
 * The database's clock, read inside the caller's transaction. Deadlines are decided by this one clock —
 * never the app server's — so that every web instance agrees to the millisecond on "before the deadline".
 * clock_timestamp() (not now()): the instant of this statement, not of the transaction's start.
 */
export async function dbNow(tx: Pick<Tx, "$queryRaw">): Promise<Date> {
  const rows = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return rows[0]!.now;
}

import { getDb, type Db } from "~/lib/db.server";
import { majorLotSql, majorProjectThresholdFen } from "./major-project";

/** Which of `lotIds` are major projects now (for list pages' badges; one query). */
export async function majorLotIdsAmong(lotIds: string[], db: Db = getDb()): Promise<string[]> {
  if (lotIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT l.id::text AS id FROM "Lot" l WHERE l.id = ANY($2::uuid[]) AND ${majorLotSql("l", "$1")}`,
    majorProjectThresholdFen(),
    [...new Set(lotIds)],
  );
  return rows.map((r) => r.id);
}

/** The threshold as yuan text for the badge's hint, e.g. "¥5,000,000". */
export function majorThresholdLabel(): string {
  const fen = majorProjectThresholdFen();
  return `¥${(fen / 100n).toLocaleString("en-US")}`;
}

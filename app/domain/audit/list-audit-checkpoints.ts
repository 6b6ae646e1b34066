import { resolvePool } from "./audit-pool";

export interface CheckpointView {
  id: string;
  day: string;
  headSeq: string;
  headHash: string;
  count: string;
  createdAt: string;
  documentId: string | null;
  /** When its PDF was lost and rendered again from the database (the page says 已重新生成). */
  documentRestoredAt: string | null;
  /** The checkpoint before it (by day), whose head this one must extend. */
  previous: { day: string; headSeq: string; headHash: string } | null;
}

/** Published checkpoints, newest first (public: anyone may read and check them). */
export async function listAuditCheckpoints(opts: { limit?: number; pool?: unknown } = {}): Promise<CheckpointView[]> {
  const r = await resolvePool(opts.pool).query<Omit<CheckpointView, "previous" | "createdAt" | "documentRestoredAt"> & { createdAt: Date; documentRestoredAt: Date | null; pDay: string | null; pSeq: string | null; pHash: string | null }>(
    `SELECT c.id::text, c.day, c."headSeq"::text AS "headSeq", c."headHash", c.count::text AS count, c."createdAt",
            c."documentId"::text AS "documentId", d."restoredAt" AS "documentRestoredAt",
            lag(c.day) OVER w AS "pDay", lag(c."headSeq"::text) OVER w AS "pSeq", lag(c."headHash") OVER w AS "pHash"
       FROM "AuditCheckpoint" c LEFT JOIN "Document" d ON d.id = c."documentId"
     WINDOW w AS (ORDER BY c.day)
     ORDER BY c.day DESC
     LIMIT $1`,
    [Math.min(opts.limit ?? 400, 5000)],
  );
  return r.rows.map(({ pDay, pSeq, pHash, createdAt, documentRestoredAt, ...c }) => ({
    ...c,
    createdAt: createdAt.toISOString(),
    documentRestoredAt: documentRestoredAt?.toISOString() ?? null,
    previous: pDay ? { day: pDay, headSeq: pSeq!, headHash: pHash! } : null,
  }));
}

import { enqueueJobs } from "~/jobs/enqueue-job";
import type { Db } from "~/lib/db.server";
import { scanBidDocumentsJob } from "./jobs";

/**
 * Safety net of the document scan: halls read out (唱标) with a DECRYPTED bid that has no
 * BidDocumentScan row yet (the job enqueued at 唱标 was lost, or the hall predates the scan) get their
 * scanBidDocuments job again. The job id is per session, so a scan already queued is not doubled.
 */
export async function enqueueMissingDocumentScans(db: Db, limit = 20): Promise<number> {
  const sessions = await db.$queryRaw<{ sessionId: string }[]>`
    SELECT DISTINCT d."sessionId"
    FROM "BidDecryption" d JOIN "OpeningSession" s ON s.id = d."sessionId"
    WHERE s."readAt" IS NOT NULL AND d.status = 'DECRYPTED' AND d."contentKey" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "BidDocumentScan" x WHERE x."bidId" = d."bidId")
    LIMIT ${limit}`;
  if (sessions.length === 0) return 0;
  await db.$transaction((tx) => enqueueJobs(tx, scanBidDocumentsJob, sessions.map((s) => ({ sessionId: s.sessionId }))));
  return sessions.length;
}

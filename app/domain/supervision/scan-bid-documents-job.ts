import { getDb } from "~/lib/db.server";
import { getStorage } from "~/lib/storage.server";
import { scanBidDocuments } from "./scan-bid-documents";

/** Worker entry of the `scanBidDocuments` job (app/domain/supervision/jobs.ts). */
export default async function scanBidDocumentsJob(payload: { sessionId: string }) {
  return scanBidDocuments(getDb(), getStorage(), payload.sessionId);
}

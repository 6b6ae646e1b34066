import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { openBidWithContentKey, readAllBytes, SealedBidError } from "~/domain/crypto";
import { enqueueJob } from "~/jobs/enqueue-job";
import type { Db } from "~/lib/db.server";
import type { Storage } from "~/lib/storage.server";
import { evaluateAlertRulesJob } from "./jobs";
import { readPdfMetadata, type PdfMetadata } from "./read-pdf-metadata";

/** PDFs larger than this are not parsed (memory); the scan row says how many PDFs were read. */
export const MAX_SCANNED_PDF_BYTES = 64 * 1024 * 1024;
const isPdfName = (name: string) => /\.pdf$/i.test(name);

interface Found extends PdfMetadata {
  fileName: string;
}

/** Streams one envelope with its kept content key; reads the metadata of each PDF, skips the rest. */
async function scanEnvelope(storage: Storage, storageKey: string, contentKey: Uint8Array, expect: { plaintextSha256: string; ciphertextSha256: string }) {
  const opened = await openBidWithContentKey(storage.get(storageKey), contentKey, { expect });
  const found: Found[] = [];
  let files = 0;
  for await (const f of opened.files) {
    files++;
    if (!isPdfName(f.name) || f.size > MAX_SCANNED_PDF_BYTES) continue; // not read: the next file skips it
    const bytes = await readAllBytes(f.stream);
    try {
      found.push({ fileName: f.name.slice(0, 255), ...(await readPdfMetadata(bytes)) });
    } catch {
      // Named .pdf but unreadable: nothing to compare; counted as a file, not as a PDF.
    }
  }
  await opened.done(); // the same bytes that verified at the opening: anything else is an error
  return { files, found };
}

/**
 * The document-metadata scan of one read-out hall (job scanBidDocuments): for every DECRYPTED bid not yet
 * scanned, re-opens the stored envelope with the content key kept since the opening (ADR 0011), reads the
 * PDFs' Author / Creator / Producer and file id (pdf-lib), and stores those strings only — never content.
 * One BidDocumentScan row per bid, failures included (with the reason), so nothing is scanned twice.
 * Runs only after 唱标 (readAt): before it nobody, not even the system, looks inside a bid.
 */
export async function scanBidDocuments(db: Db, storage: Storage, sessionId: string): Promise<{ scanned: number; pdfs: number }> {
  const s = await db.openingSession.findUnique({ where: { id: sessionId }, select: { lotId: true, readAt: true } });
  if (!s?.readAt) return { scanned: 0, pdfs: 0 };
  const todo = await db.$queryRaw<{ bidId: string; orgId: string; contentKey: Uint8Array; storageKey: string; plaintextSha256: string; ciphertextSha256: string }[]>`
    SELECT d."bidId", d."bidderOrgId" AS "orgId", d."contentKey", b."storageKey", b."plaintextSha256", b."ciphertextSha256"
    FROM "BidDecryption" d JOIN "Bid" b ON b.id = d."bidId"
    WHERE d."sessionId" = ${sessionId}::uuid AND d.status = 'DECRYPTED' AND d."contentKey" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "BidDocumentScan" x WHERE x."bidId" = d."bidId")
    ORDER BY d.ordinal`;
  let pdfs = 0;
  for (const t of todo) {
    let result: { files: number; found: Found[] } = { files: 0, found: [] };
    let error: string | null = null;
    try {
      result = await scanEnvelope(storage, t.storageKey, new Uint8Array(t.contentKey), { plaintextSha256: t.plaintextSha256, ciphertextSha256: t.ciphertextSha256 });
    } catch (e) {
      // Storage away: retry the job later. The bytes no longer verifying is recorded, not retried.
      if (!(e instanceof SealedBidError)) throw e;
      error = e.code.slice(0, 200);
    }
    pdfs += result.found.length;
    await db.$transaction(async (tx) => {
      const { count } = await tx.bidDocumentScan.createMany({
        data: [{ bidId: t.bidId, lotId: s.lotId, orgId: t.orgId, scannedAt: new Date(), files: result.files, pdfs: result.found.length, error }],
        skipDuplicates: true,
      });
      if (count === 0) return; // a concurrent run scanned it
      if (result.found.length) {
        await tx.bidDocumentMetadata.createMany({ data: result.found.map((f) => ({ bidId: t.bidId, lotId: s.lotId, orgId: t.orgId, ...f })) });
      }
    });
  }
  if (todo.length) {
    await db.$transaction(async (tx) => {
      await appendAudit(tx, systemActor("supervision"), {
        action: "supervision.bid_documents_scanned",
        entityType: "OpeningSession",
        entityId: sessionId,
        detail: { lotId: s.lotId, bids: todo.length, pdfs },
      });
      await enqueueJob(tx, evaluateAlertRulesJob, { trigger: "documents", key: sessionId });
    });
  }
  return { scanned: todo.length, pdfs };
}

import type { Readable } from "node:stream";
import type { Actor, SignedInActor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { DomainError } from "~/domain/errors";
import { getDb, type Tx } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { loadLotForUpdate } from "./load-lot";
import { assertTenderFileType, cleanFileName, storeTenderFile, type StoredTenderFile } from "./store-tender-file";

export { extensionOf, MAX_TENDER_DOCUMENT_BYTES, TENDER_DOCUMENT_TYPES } from "./store-tender-file";

/**
 * Attaches a tender document (招标文件) to a DRAFT lot: streamed to storage with its SHA-256, type and
 * size checked on the way, then the Document and TenderDocument rows and the audit entry in one
 * transaction. After publication documents change only with a change notice (publish-change.ts).
 */
export async function addTenderDocument(
  actor: Actor,
  input: { lotId: string; fileName: string; data: Readable | Buffer },
  deps: { storage?: Storage; maxBytes?: number } = {},
) {
  assertCan(actor, "tender.create");
  assertTenderFileType(cleanFileName(input.fileName));
  const db = getDb();
  // Scope and state first, so a refused upload never touches storage.
  const lot0 = await db.$transaction((tx) => loadLotForUpdate(tx, input.lotId, actor));
  if (lot0.status !== "DRAFT") throw new DomainError("tenders:errors.publishedNeedsChangeNotice", {}, 409);

  const storage = deps.storage ?? getStorage();
  const stored = await storeTenderFile(storage, lot0.id, input, deps.maxBytes);
  try {
    return await db.$transaction(async (tx) => {
      const lot = await loadLotForUpdate(tx, input.lotId, actor);
      if (lot.status !== "DRAFT") throw new DomainError("tenders:errors.publishedNeedsChangeNotice", {}, 409);
      const td = await insertTenderDocument(tx, actor, lot.id, stored, null);
      await appendAudit(tx, actor, {
        action: "tender_document.added",
        entityType: "Lot",
        entityId: lot.id,
        after: td,
        detail: { name: stored.name, sha256: stored.sha256, size: stored.size },
      });
      return td;
    });
  } catch (e) {
    await storage.delete(stored.storageKey).catch(() => {});
    throw e;
  }
}

/** The Document (bytes, numbered ZBWJ) and TenderDocument rows of a stored file; `announcementId`: the change notice issuing it. */
export async function insertTenderDocument(tx: Tx, actor: SignedInActor, lotId: string, stored: StoredTenderFile, announcementId: string | null) {
  const number = await nextDocumentNumber(tx, documentPrefix("ZBWJ"));
  await tx.document.create({
    data: {
      id: stored.id,
      kind: "tender-document",
      number,
      title: stored.name,
      mime: stored.mime,
      storageKey: stored.storageKey,
      sha256: stored.sha256,
      size: stored.size,
      entityType: "Lot",
      entityId: lotId,
      ownerOrgId: null,
      public: false,
    },
  });
  return tx.tenderDocument.create({
    data: { lotId, documentId: stored.id, sha256: stored.sha256, name: stored.name, size: stored.size, uploadedById: actor.userId, announcementId },
  });
}

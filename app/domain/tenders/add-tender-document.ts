import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { loadLotForUpdate } from "./load-lot";

/** File types a tender document may have, with the MIME type served on download. */
export const TENDER_DOCUMENT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  ofd: "application/ofd",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
  dwg: "application/acad",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
};
export const MAX_TENDER_DOCUMENT_BYTES = 200 * 1024 * 1024;

/** Magic numbers of the types that have one: a renamed executable is not a PDF. */
const MAGIC: Record<string, number[][]> = {
  pdf: [[0x25, 0x50, 0x44, 0x46]],
  zip: [[0x50, 0x4b, 0x03, 0x04]],
  docx: [[0x50, 0x4b, 0x03, 0x04]],
  xlsx: [[0x50, 0x4b, 0x03, 0x04]],
  ofd: [[0x50, 0x4b, 0x03, 0x04]],
  doc: [[0xd0, 0xcf, 0x11, 0xe0]],
  xls: [[0xd0, 0xcf, 0x11, 0xe0]],
  png: [[0x89, 0x50, 0x4e, 0x47]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
};

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return m ? m[1]!.toLowerCase() : "";
}

/**
 * Counts bytes, refuses oversize and wrong magic numbers while streaming (memory stays flat). A lazy
 * generator, so nothing flows — and no error is raised — before the storage pipeline is listening.
 */
async function* guarded(source: AsyncIterable<Buffer>, ext: string, max: number): AsyncGenerator<Buffer> {
  let seen = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > max) throw new DomainError("tenders:errors.fileTooLarge", { maxMb: Math.max(1, Math.round(max / 1048576)) }, 413, "file");
    if (head.length < 8) {
      head = Buffer.concat([head, chunk]).subarray(0, 8);
      const sigs = MAGIC[ext];
      if (sigs && head.length >= 4 && !sigs.some((sig) => sig.every((b, i) => head[i] === b))) {
        throw new DomainError("tenders:errors.fileTypeNotAllowed", { ext, allowed: Object.keys(TENDER_DOCUMENT_TYPES).join(", ") }, 422, "file");
      }
    }
    yield chunk;
  }
  if (seen === 0) throw new DomainError("tenders:errors.fileEmpty", {}, 422, "file");
}

/**
 * Attaches a tender document (招标文件) to a DRAFT lot: streamed to storage with its SHA-256, type and
 * size checked on the way, then the Document and TenderDocument rows and the audit entry in one
 * transaction. After publication documents change only with a change notice.
 */
export async function addTenderDocument(
  actor: Actor,
  input: { lotId: string; fileName: string; data: Readable | Buffer },
  deps: { storage?: Storage; maxBytes?: number } = {},
) {
  assertCan(actor, "tender.create");
  const name = input.fileName.replace(/[\u0000-\u001F\u007F/\\]/g, "").trim().slice(0, 200);
  const ext = extensionOf(name);
  if (!TENDER_DOCUMENT_TYPES[ext]) {
    throw new DomainError("tenders:errors.fileTypeNotAllowed", { ext: ext || "?", allowed: Object.keys(TENDER_DOCUMENT_TYPES).join(", ") }, 422, "file");
  }
  const db = getDb();
  // Scope and state first, so a refused upload never touches storage.
  const lot0 = await db.$transaction((tx) => loadLotForUpdate(tx, input.lotId, actor));
  if (lot0.status !== "DRAFT") throw new DomainError("tenders:errors.publishedNeedsChangeNotice", {}, 409);

  const storage = deps.storage ?? getStorage();
  const id = randomUUID();
  const storageKey = `tender-documents/${lot0.id}/${id}.${ext}`;
  const source = Buffer.isBuffer(input.data) ? Readable.from([input.data]) : input.data;
  let stored: { size: number; sha256: string };
  try {
    stored = await storage.put(storageKey, Readable.from(guarded(source, ext, deps.maxBytes ?? MAX_TENDER_DOCUMENT_BYTES)));
  } catch (e) {
    await storage.delete(storageKey).catch(() => {});
    throw e;
  }

  return db.$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (lot.status !== "DRAFT") throw new DomainError("tenders:errors.publishedNeedsChangeNotice", {}, 409);
    const number = await nextDocumentNumber(tx, documentPrefix("ZBWJ"));
    await tx.document.create({
      data: {
        id,
        kind: "tender-document",
        number,
        title: name,
        mime: TENDER_DOCUMENT_TYPES[ext]!,
        storageKey,
        sha256: stored.sha256,
        size: stored.size,
        entityType: "Lot",
        entityId: lot.id,
        ownerOrgId: null,
        public: false,
      },
    });
    const td = await tx.tenderDocument.create({
      data: { lotId: lot.id, documentId: id, sha256: stored.sha256, name, size: stored.size, uploadedById: actor.userId! },
    });
    await appendAudit(tx, actor, {
      action: "tender_document.added",
      entityType: "Lot",
      entityId: lot.id,
      after: td,
      detail: { name, sha256: stored.sha256, size: stored.size },
    });
    return td;
  });
}

import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { DomainError } from "~/domain/errors";
import type { Storage } from "~/lib/storage.server";

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

/** The file name as stored and shown: no control characters or path separators, at most 200 characters. */
export function cleanFileName(fileName: string): string {
  return fileName.replace(/[\u0000-\u001F\u007F/\\]/g, "").trim().slice(0, 200);
}

/** Refuses a name whose extension is not an allowed tender document type; returns the extension. */
export function assertTenderFileType(name: string): string {
  const ext = extensionOf(name);
  if (!TENDER_DOCUMENT_TYPES[ext]) {
    throw new DomainError("tenders:errors.fileTypeNotAllowed", { ext: ext || "?", allowed: Object.keys(TENDER_DOCUMENT_TYPES).join(", ") }, 422, "file");
  }
  return ext;
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

export interface StoredTenderFile {
  id: string;
  name: string;
  mime: string;
  storageKey: string;
  sha256: string;
  size: number;
}

/**
 * Streams one tender document into storage under tender-documents/<lot>/<id>.<ext> with its SHA-256, type
 * and size checked on the way; a refused stream leaves nothing behind. The caller writes the rows (and
 * deletes the stored file if its transaction fails).
 */
export async function storeTenderFile(
  storage: Storage,
  lotId: string,
  file: { fileName: string; data: Readable | Buffer },
  maxBytes = MAX_TENDER_DOCUMENT_BYTES,
): Promise<StoredTenderFile> {
  const name = cleanFileName(file.fileName);
  const ext = assertTenderFileType(name);
  const id = randomUUID();
  const storageKey = `tender-documents/${lotId}/${id}.${ext}`;
  const source = Buffer.isBuffer(file.data) ? Readable.from([file.data]) : file.data;
  try {
    const stored = await storage.put(storageKey, Readable.from(guarded(source, ext, maxBytes)));
    return { id, name, mime: TENDER_DOCUMENT_TYPES[ext]!, storageKey, sha256: stored.sha256, size: stored.size };
  } catch (e) {
    await storage.delete(storageKey).catch(() => {});
    throw e;
  }
}

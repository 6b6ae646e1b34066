import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Document } from "~/generated/prisma/client";
import type { Db } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { restoreDocument, type FileProblem } from "./restore-document";

/** Files up to this size are read once, checked and served from memory; bigger ones are read twice. */
const IN_MEMORY_MAX = 16 * 1024 * 1024;

export type OpenedFile =
  | { status: "ok"; doc: Document; body: Buffer | Readable; restored: boolean }
  | { status: "lost"; doc: Document; problem: FileProblem };

/**
 * The bytes of a readable document, checked against the row's SHA-256 before anything is sent: a file
 * that is missing or damaged is re-rendered from the database where its kind allows
 * (restoreDocument), else reported as lost. `restored` is true when the served file is a re-render
 * (now or earlier: Document.restoredAt), so that the reader is told.
 */
export async function openDocumentFile(doc: Document, deps: { db?: Db; storage?: Storage } = {}): Promise<OpenedFile> {
  const storage = deps.storage ?? getStorage();
  const checked = await check(storage, doc);
  if (checked.ok) return { status: "ok", doc, body: checked.body, restored: doc.restoredAt !== null };
  const r = await restoreDocument(doc, checked.problem, deps);
  if (r.status === "lost") return { status: "lost", doc, problem: checked.problem };
  return { status: "ok", doc: r.doc, body: r.bytes, restored: true };
}

async function check(storage: Storage, doc: Document): Promise<{ ok: true; body: Buffer | Readable } | { ok: false; problem: FileProblem }> {
  if (!(await storage.exists(doc.storageKey))) return { ok: false, problem: "missing" };
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of storage.get(doc.storageKey)) {
      const b = c as Buffer;
      hash.update(b);
      size += b.length;
      if (size <= IN_MEMORY_MAX) chunks.push(b);
    }
  } catch {
    return { ok: false, problem: "missing" };
  }
  if (size !== doc.size || hash.digest("hex") !== doc.sha256) return { ok: false, problem: "damaged" };
  return { ok: true, body: size <= IN_MEMORY_MAX ? Buffer.concat(chunks) : storage.get(doc.storageKey) };
}

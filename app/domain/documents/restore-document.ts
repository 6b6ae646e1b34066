import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import type { Document } from "~/generated/prisma/client";
import { getDb, type Db } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { noteStorageProblem } from "~/lib/storage-integrity.server";
import { DOCUMENT_RENDERERS } from "./document-renderers";

export type FileProblem = "missing" | "damaged";
export type RestoreResult = { status: "restored"; doc: Document; bytes: Buffer; identical: boolean } | { status: "lost"; doc: Document };

/**
 * A document whose stored file is missing or no longer has the row's SHA-256. Derived kinds
 * (DOCUMENT_RENDERERS) are rendered again from the database with the row's own id, number and generation
 * time, stored, and the row points at the new file (restoredAt set; sha256/size updated if the bytes
 * differ from the original's — the audit entry keeps both hashes). A damaged file is left where it is,
 * as evidence; the new one gets a key of its own. Kinds that cannot be rendered (uploads) are reported:
 * audit entry and a red supervisors' alert, once per document.
 */
export async function restoreDocument(
  doc: Document,
  problem: FileProblem,
  deps: { db?: Db; storage?: Storage } = {},
): Promise<RestoreResult> {
  const db = deps.db ?? getDb();
  const storage = deps.storage ?? getStorage();
  const render = DOCUMENT_RENDERERS[doc.kind];
  const actor = systemActor("documents");

  if (!render) {
    logger.error({ documentId: doc.id, kind: doc.kind, storageKey: doc.storageKey, problem }, "document file lost and not renderable");
    noteStorageProblem(problem, "lost");
    await db.$transaction(async (tx) => {
      const raised = await raiseAlert(tx, {
        kind: "DOCUMENT_FILE_LOST",
        severity: "RED",
        messageCode: `documents:alerts.lost.${problem}`,
        params: { number: doc.number, title: doc.title.slice(0, 120) },
        dedupeKey: `document-file-lost:${doc.id}:${doc.sha256}`,
      });
      if (raised) {
        await appendAudit(tx, actor, {
          action: "document.file_lost",
          entityType: "Document",
          entityId: doc.id,
          detail: { kind: doc.kind, number: doc.number, problem, storageKey: doc.storageKey, sha256: doc.sha256 },
        });
      }
    });
    return { status: "lost", doc };
  }

  return db.$transaction(
    async (tx) => {
      // Two readers of the same lost file: the second waits here and finds it restored.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`DOC-RESTORE:${doc.id}`}, 0))`;
      const row = await tx.document.findUniqueOrThrow({ where: { id: doc.id } });
      if (row.storageKey !== doc.storageKey || row.sha256 !== doc.sha256) {
        const bytes = await readAll(storage, row.storageKey);
        return { status: "restored" as const, doc: row, bytes, identical: row.sha256 === doc.sha256 };
      }
      const bytes = await render(tx, row, { documentId: row.id, number: row.number, generatedAt: row.createdAt });
      const storageKey = problem === "missing" ? row.storageKey : row.storageKey.replace(/(\.[a-z]+)?$/, `.restored-${Date.now()}$1`);
      const { sha256, size } = await storage.put(storageKey, bytes);
      const identical = sha256 === row.sha256;
      const now = new Date();
      const after = await tx.document.update({ where: { id: row.id }, data: { storageKey, sha256, size, restoredAt: now } });
      await appendAudit(tx, actor, {
        action: "document.restored",
        entityType: "Document",
        entityId: row.id,
        before: row,
        after,
        detail: { kind: row.kind, number: row.number, problem, originalSha256: row.sha256, sha256, identical },
      });
      await raiseAlert(tx, {
        kind: "DOCUMENT_FILE_RESTORED",
        severity: "YELLOW",
        messageCode: `documents:alerts.restored.${identical ? "identical" : "different"}`,
        params: { number: row.number, title: row.title.slice(0, 120) },
        dedupeKey: `document-file-restored:${row.id}:${row.sha256}`,
      });
      logger.warn({ documentId: row.id, kind: row.kind, problem, identical }, "document file re-rendered from the database");
      noteStorageProblem(problem, "restored");
      return { status: "restored" as const, doc: after, bytes, identical };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function readAll(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

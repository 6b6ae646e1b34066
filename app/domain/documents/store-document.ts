import { randomUUID } from "node:crypto";
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Document } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { documentStorageKey } from "./pdf";

export interface StoreDocumentInput {
  /** Chosen in advance when the document prints its own id (verification link); else generated. */
  id?: string;
  kind: string;
  /** From nextDocumentNumber, allocated in the same transaction. */
  number: string;
  title: string;
  mime?: string;
  entityType: string;
  entityId: string;
  ownerOrgId: string | null;
  public: boolean;
  bytes: Buffer;
  /** The generation time printed in the document; stored as createdAt so that a re-render can print it again. */
  generatedAt?: Date;
}

/**
 * Stores a generated document: bytes first (atomic write, SHA-256 and size computed while writing), then
 * the Document row and its audit entry in the caller's transaction. A crash in between leaves an orphan
 * file — harmless, never a row pointing at nothing. The transaction's rollback does not remove the file:
 * callers retry with a fresh id, so orphans are only litter (a sweep can compare keys with rows).
 */
export async function storeDocument(tx: Tx, input: StoreDocumentInput, storage: Storage = getStorage()): Promise<Document> {
  const id = input.id ?? randomUUID();
  const now = input.generatedAt ?? new Date();
  const storageKey = documentStorageKey(id, now);
  const { size, sha256 } = await storage.put(storageKey, input.bytes);
  const doc = await tx.document.create({
    data: {
      id,
      kind: input.kind,
      number: input.number,
      title: input.title,
      mime: input.mime ?? "application/pdf",
      storageKey,
      sha256,
      size,
      entityType: input.entityType,
      entityId: input.entityId,
      ownerOrgId: input.ownerOrgId,
      public: input.public,
      createdAt: now,
    },
  });
  await appendAudit(tx, systemActor("documents"), {
    action: "document.generated",
    entityType: "Document",
    entityId: id,
    after: doc,
    detail: { kind: doc.kind, number: doc.number, sha256, size, for: `${doc.entityType}:${doc.entityId}` },
  });
  return doc;
}

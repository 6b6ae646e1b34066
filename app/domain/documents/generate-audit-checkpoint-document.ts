import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderAuditCheckpointDocument } from "./render-audit-checkpoint-document";
import { documentPrefix, nextDocumentNumber } from "./next-document-number";
import { storeDocument } from "./store-document";
import { docText } from "./texts";

export const AUDIT_CHECKPOINT_KIND = "audit-checkpoint";
/** 检查 (JianCha). */
const NUMBER_CODE = "JC";

/**
 * Renders the public PDF of an audit checkpoint, stores it and attaches it (AuditCheckpoint.documentId,
 * the one update the table's trigger allows). Idempotent: the checkpoint row is locked and a checkpoint
 * that already has its document is left as it is.
 */
export async function generateAuditCheckpointDocument(
  actor: Actor,
  input: { checkpointId: string },
  db: Db = getDb(),
): Promise<{ documentId: string; number: string; created: boolean }> {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      // FOR UPDATE: a concurrent run of the same job waits here, then sees documentId set.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "AuditCheckpoint" WHERE id = ${input.checkpointId}::uuid FOR UPDATE`;
      if (locked.length === 0) {
        throw new DomainError("documents:errors.checkpointNotFound", { checkpointId: input.checkpointId }, 404);
      }
      const cp = await tx.auditCheckpoint.findUniqueOrThrow({ where: { id: input.checkpointId } });
      if (cp.documentId) {
        const d = await tx.document.findUniqueOrThrow({ where: { id: cp.documentId } });
        return { documentId: d.id, number: d.number, created: false };
      }

      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const documentId = randomUUID();
      const bytes = await renderAuditCheckpointDocument(tx, cp.id, { documentId, number, generatedAt });
      const doc = await storeDocument(tx, {
        id: documentId,
        kind: AUDIT_CHECKPOINT_KIND,
        number,
        title: `${docText("zh-CN", "auditCheckpoint.title")} ${cp.day}`,
        entityType: "AuditCheckpoint",
        entityId: cp.id,
        ownerOrgId: null,
        public: true,
        bytes,
        generatedAt,
      });
      const after = await tx.auditCheckpoint.update({ where: { id: cp.id }, data: { documentId: doc.id } });
      await appendAudit(tx, actor, {
        action: "audit.checkpoint.document_attached",
        entityType: "AuditCheckpoint",
        entityId: cp.id,
        before: cp,
        after,
        detail: { day: cp.day, documentId: doc.id, number, sha256: doc.sha256 },
      });
      return { documentId: doc.id, number, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

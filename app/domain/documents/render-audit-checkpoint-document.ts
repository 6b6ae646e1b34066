import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { renderAuditCheckpointPdf } from "./audit-checkpoint-pdf";
import type { DocumentStamp } from "./stamp";

/** The public PDF of an audit checkpoint (an immutable row): generation and re-render of a lost file. */
export async function renderAuditCheckpointDocument(tx: Tx, checkpointId: string, stamp: DocumentStamp) {
  const cp = await tx.auditCheckpoint.findUnique({ where: { id: checkpointId } });
  if (!cp) throw new DomainError("documents:errors.checkpointNotFound", { checkpointId }, 404);
  const content = {
    kind: "audit-checkpoint",
    number: stamp.number,
    day: cp.day,
    headSeq: cp.headSeq,
    headHash: cp.headHash,
    count: cp.count,
    createdAt: cp.createdAt,
  };
  return renderAuditCheckpointPdf({
    documentId: stamp.documentId,
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    checkpoint: cp,
    generatedAt: stamp.generatedAt,
  });
}

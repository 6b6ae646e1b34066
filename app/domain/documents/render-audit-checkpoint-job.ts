import { systemActor } from "~/domain/actor";
import { generateAuditCheckpointDocument } from "~/domain/documents/generate-audit-checkpoint-document";

/** Handler of renderAuditCheckpoint (runs in the sandboxed documents processor). */
export default async function renderAuditCheckpoint(payload: { checkpointId: string }) {
  return generateAuditCheckpointDocument(systemActor("worker:documents"), payload);
}

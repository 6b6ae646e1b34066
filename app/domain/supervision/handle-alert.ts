import type { SignedInActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";


/** The alert, locked for the transaction; a clear 404 when it does not exist. Shared by ack/annotate/escalate. */
export async function loadAlertForUpdate(tx: Tx, alertId: string) {
  if (!UUID.test(alertId)) throw new DomainError("supervision:errors.alertNotFound", {}, 404);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Alert" WHERE id = ${alertId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new DomainError("supervision:errors.alertNotFound", {}, 404);
  return tx.alert.findUniqueOrThrow({ where: { id: alertId } });
}

/** A note (annotation or escalation) on an alert, audited in the same transaction. */
export async function addAlertNote(tx: Tx, actor: SignedInActor, alertId: string, kind: "NOTE" | "ESCALATION", text: string) {
  const alert = await loadAlertForUpdate(tx, alertId);
  const note = await tx.alertNote.create({ data: { alertId, kind, text, authorId: actor.userId } });
  await appendAudit(tx, actor, {
    action: kind === "NOTE" ? "alert.annotated" : "alert.escalated",
    entityType: "Alert",
    entityId: alertId,
    after: note,
    detail: { kind: alert.kind, severity: alert.severity, lotId: alert.lotId ?? "", noteId: note.id },
  });
  return note;
}

export function noteText(text: unknown): string {
  const t = typeof text === "string" ? text.trim() : "";
  if (!t) throw new DomainError("supervision:errors.noteRequired", {}, 422, "text");
  if (t.length > 2000) throw new DomainError("supervision:errors.tooLong", { max: 2000 }, 422, "text");
  return t;
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { loadAlertForUpdate } from "./handle-alert";

/** A supervisor acknowledges an alert (once; a second time is refused, nothing changes). Audited. */
export async function acknowledgeAlert(actor: Actor, input: { alertId: string }, now = new Date()) {
  assertCan(actor, "alert.handle");
  return getDb().$transaction(async (tx) => {
    const alert = await loadAlertForUpdate(tx, input.alertId);
    if (alert.acknowledgedAt) throw new DomainError("supervision:errors.alertAlreadyAcknowledged", {}, 409);
    const updated = await tx.alert.update({ where: { id: alert.id }, data: { acknowledgedAt: now, acknowledgedById: actor.userId } });
    await appendAudit(tx, actor, {
      action: "alert.acknowledged",
      entityType: "Alert",
      entityId: alert.id,
      before: alert,
      after: updated,
      detail: { kind: alert.kind, severity: alert.severity, lotId: alert.lotId ?? "" },
    });
    return updated;
  });
}

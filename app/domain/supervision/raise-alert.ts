import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { AlertKind, AlertSeverity } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

export interface AlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  lotId?: string | null;
  /** i18n key, e.g. "tenders:alerts.objectionOverdue". */
  messageCode: string;
  params?: Record<string, string | number>;
  /** The same condition raises one alert, however often it is checked. */
  dedupeKey: string;
}

/**
 * Raises a supervisors' alert once per dedupeKey; audited when it is new. Called by the alert rules' runner
 * (store-raised-alerts) and by the places that find a fault as it happens (the scheduler's overdue check, the
 * award clocks, a repeated draw, a lost document file).
 */
export async function raiseAlert(tx: Tx, a: AlertInput): Promise<boolean> {
  const { count } = await tx.alert.createMany({
    data: [
      {
        kind: a.kind,
        severity: a.severity,
        lotId: a.lotId ?? null,
        messageCode: a.messageCode,
        params: a.params ?? {},
        dedupeKey: a.dedupeKey,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return false;
  await appendAudit(tx, systemActor("schedule"), {
    action: "alert.raised",
    entityType: a.lotId ? "Lot" : "Alert",
    entityId: a.lotId ?? a.dedupeKey.slice(0, 64),
    detail: { kind: a.kind, severity: a.severity, messageCode: a.messageCode, ...a.params },
  });
  return true;
}

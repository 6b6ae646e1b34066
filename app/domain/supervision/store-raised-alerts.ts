import { systemActor } from "~/domain/actor";
import type { AuditInput } from "~/domain/audit/append-audit";
import { appendAuditMany } from "~/domain/audit/append-audit-many";
import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/lib/db.server";
import type { RaisedAlert } from "./alert-rules/types";

const BATCH = 500;
const KEYS_PER_LOOKUP = 5000;

/**
 * Stores what the rules found, one Alert per dedupeKey (a rule's key names the lot, the kind and the
 * evidence, never the severity):
 * - a key not seen before → created and audited `alert.raised`, as raiseAlert does, but 500 at a time;
 * - a key already YELLOW now found RED → upgraded in place: severity, message and evidence updated, its
 *   acknowledgement cleared (a red is news to whoever acknowledged the yellow), audited `alert.severity_raised`;
 * - anything else → nothing (no downgrade: a step answered late stays on record as it was).
 * The existing keys are looked up in one query per 5 000, so a run that finds nothing new costs a
 * handful of statements however many alerts stand.
 * Given a transaction (the deadline engine's handlers) it writes inside it, so the alert commits with the step.
 */
export async function storeRaisedAlerts(db: Db | Tx, found: RaisedAlert[]): Promise<{ raised: number; upgraded: number }> {
  // A transaction client has no $transaction of its own: batches then run inside the caller's.
  const inTx = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    typeof (db as Partial<Db>).$transaction === "function" ? (db as Db).$transaction(fn) : fn(db as Tx);
  const byKey = new Map<string, RaisedAlert>();
  for (const a of found) {
    const seen = byKey.get(a.dedupeKey);
    if (!seen || (seen.severity === "YELLOW" && a.severity === "RED")) byKey.set(a.dedupeKey, a);
  }
  const keys = [...byKey.keys()];
  const existing = new Map<string, { id: string; severity: string }>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const rows = await db.alert.findMany({ where: { dedupeKey: { in: keys.slice(i, i + KEYS_PER_LOOKUP) } }, select: { id: true, dedupeKey: true, severity: true } });
    for (const r of rows) existing.set(r.dedupeKey, r);
  }
  const fresh = [...byKey.values()].filter((a) => !existing.has(a.dedupeKey));
  const upgrades = [...byKey.values()].flatMap((a) => {
    const e = existing.get(a.dedupeKey);
    return e && e.severity === "YELLOW" && a.severity === "RED" ? [{ id: e.id, a }] : [];
  });

  let raised = 0;
  let upgraded = 0;
  const actor = systemActor("schedule");
  // Batches of 500, three statements each (insert, audit, commit): one long transaction would hold the
  // audit sealer's horizon back, one round trip per alert would take seconds for a first run.
  for (let i = 0; i < fresh.length; i += BATCH) {
    raised += await inTx(async (tx) => {
      const batch = fresh.slice(i, i + BATCH);
      const inserted = await tx.alert.createManyAndReturn({
        data: batch.map((a) => ({ kind: a.kind, severity: a.severity, lotId: a.lotId ?? null, messageCode: a.messageCode, params: a.params ?? {}, dedupeKey: a.dedupeKey })),
        skipDuplicates: true, // raised meanwhile by the scheduler or another run: theirs stands
        select: { dedupeKey: true },
      });
      const mine = new Set(inserted.map((r) => r.dedupeKey));
      // The same audit entry raiseAlert writes, for each alert this run created.
      await appendAuditMany(
        tx,
        actor,
        batch
          .filter((a) => mine.has(a.dedupeKey))
          .map((a) => ({
            action: "alert.raised",
            entityType: a.lotId ? "Lot" : "Alert",
            entityId: a.lotId ?? a.dedupeKey.slice(0, 64),
            detail: { kind: a.kind, severity: a.severity, messageCode: a.messageCode, ...a.params },
          })),
      );
      return mine.size;
    });
  }
  for (let i = 0; i < upgrades.length; i += BATCH) {
    upgraded += await inTx(async (tx) => {
      const audits: AuditInput[] = [];
      for (const { id, a } of upgrades.slice(i, i + BATCH)) {
        const { count } = await tx.alert.updateMany({
          where: { id, severity: "YELLOW" },
          data: { severity: "RED", kind: a.kind, messageCode: a.messageCode, params: (a.params ?? {}) as Prisma.InputJsonObject, acknowledgedAt: null, acknowledgedById: null },
        });
        if (count === 0) continue;
        audits.push({
          action: "alert.severity_raised",
          entityType: "Alert",
          entityId: id,
          before: { severity: "YELLOW" },
          after: { severity: "RED" },
          detail: { from: "YELLOW", to: "RED", kind: a.kind, lotId: a.lotId ?? null, messageCode: a.messageCode, ...a.params },
        });
      }
      await appendAuditMany(tx, actor, audits);
      return audits.length;
    });
  }
  return { raised, upgraded };
}

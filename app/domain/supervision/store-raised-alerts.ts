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
 * - a repeating alert (occurredAt: one rule, subject and day) seen again with later occurrences → its count
 *   and last time grow in place, audited `alert.grouped`;
 * - a collusion group (`group`) seen again with other evidence → its members and evidence updated in place,
 *   audited `alert.group_updated` (members and bids before/after, who joined and left); a bidder joining
 *   re-opens it (acknowledgement cleared: a new company in the group is news), a bid replaced or a bidder
 *   leaving keeps the acknowledgement (the finding did not grow); a group found `dissolved` (fewer than two
 *   bidders share it now) is closed with its reason and the bids left, audited `alert.resolved`; a closed
 *   group that forms again is re-opened;
 * - anything else → nothing (no downgrade: a step answered late stays on record as it was).
 * The existing keys are looked up in one query per 5 000, so a run that finds nothing new costs a
 * handful of statements however many alerts stand.
 * Given a transaction (the deadline engine's handlers) it writes inside it, so the alert commits with the step.
 */
export async function storeRaisedAlerts(db: Db | Tx, found: RaisedAlert[]): Promise<{ raised: number; upgraded: number; grouped: number; changed: number }> {
  // A transaction client has no $transaction of its own: batches then run inside the caller's.
  const inTx = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    typeof (db as Partial<Db>).$transaction === "function" ? (db as Db).$transaction(fn) : fn(db as Tx);
  const byKey = new Map<string, RaisedAlert>();
  // Repeating alerts: every occurrence's instant per key (the latest one's evidence stands for the group).
  const occurrences = new Map<string, Date[]>();
  for (const a of found) {
    const seen = byKey.get(a.dedupeKey);
    if (a.occurredAt) occurrences.set(a.dedupeKey, [...(occurrences.get(a.dedupeKey) ?? []), a.occurredAt]);
    const later = !!seen?.occurredAt && !!a.occurredAt && a.occurredAt > seen.occurredAt && seen.severity === a.severity;
    if (!seen || (seen.severity === "YELLOW" && a.severity === "RED") || later) byKey.set(a.dedupeKey, a);
  }
  const keys = [...byKey.keys()];
  const existing = new Map<string, { id: string; severity: string; lastAt: Date; occurrences: number; params: Prisma.JsonValue; resolvedAt: Date | null }>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const rows = await db.alert.findMany({
      where: { dedupeKey: { in: keys.slice(i, i + KEYS_PER_LOOKUP) } },
      select: { id: true, dedupeKey: true, severity: true, lastAt: true, occurrences: true, params: true, resolvedAt: true },
    });
    for (const r of rows) existing.set(r.dedupeKey, r);
  }
  // A dissolved group with no alert has nothing to close.
  const fresh = [...byKey.values()].filter((a) => !existing.has(a.dedupeKey) && !a.group?.dissolved);
  const regrouped = [...byKey.values()].flatMap((a) => {
    const e = existing.get(a.dedupeKey);
    return e && a.group && groupChange(e, a) ? [{ id: e.id, a }] : [];
  });
  const upgrades = [...byKey.values()].flatMap((a) => {
    const e = existing.get(a.dedupeKey);
    return e && e.severity === "YELLOW" && a.severity === "RED" ? [{ id: e.id, a }] : [];
  });
  // A group seen again: the occurrences after its last counted instant are new (the rules see a window
  // of recent facts every minute, so an occurrence is counted once however many runs see it).
  const grown = [...byKey.values()].flatMap((a) => {
    const e = existing.get(a.dedupeKey);
    if (!e || !a.occurredAt) return [];
    const added = (occurrences.get(a.dedupeKey) ?? []).filter((t) => t > e.lastAt);
    if (added.length === 0) return [];
    return [{ id: e.id, a, added: added.length, lastAt: new Date(Math.max(...added.map((t) => t.getTime()))) }];
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
        data: batch.map((a) => {
          const times = occurrences.get(a.dedupeKey) ?? [];
          const group = times.length ? { occurrences: times.length, lastAt: new Date(Math.max(...times.map((t) => t.getTime()))) } : {};
          return { kind: a.kind, severity: a.severity, lotId: a.lotId ?? null, messageCode: a.messageCode, params: a.params ?? {}, dedupeKey: a.dedupeKey, ...group };
        }),
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
            detail: { kind: a.kind, severity: a.severity, messageCode: a.messageCode, ...a.params, ...(occurrences.has(a.dedupeKey) ? { occurrences: occurrences.get(a.dedupeKey)!.length } : {}) },
          })),
      );
      return mine.size;
    });
  }
  let grouped = 0;
  for (let i = 0; i < grown.length; i += BATCH) {
    grouped += await inTx(async (tx) => {
      const audits: AuditInput[] = [];
      for (const { id, a, added, lastAt } of grown.slice(i, i + BATCH)) {
        // Guarded on lastAt: a concurrent run that counted them first wins, nothing is counted twice.
        const { count } = await tx.alert.updateMany({
          where: { id, lastAt: { lt: lastAt } },
          data: { occurrences: { increment: added }, lastAt, params: (a.params ?? {}) as Prisma.InputJsonObject },
        });
        if (count === 0) continue;
        audits.push({ action: "alert.grouped", entityType: "Alert", entityId: id, detail: { kind: a.kind, lotId: a.lotId ?? null, added, lastAt: lastAt.toISOString() } });
      }
      await appendAuditMany(tx, actor, audits);
      return audits.length;
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
  let changed = 0;
  for (let i = 0; i < regrouped.length; i += BATCH) {
    changed += await inTx(async (tx) => {
      const audits: AuditInput[] = [];
      for (const { id, a } of regrouped.slice(i, i + BATCH)) {
        // Locked and read again: a concurrent run or a supervisor's acknowledgement is not overwritten blindly.
        await tx.$queryRaw`SELECT id FROM "Alert" WHERE id = ${id}::uuid FOR UPDATE`;
        const before = await tx.alert.findUnique({ where: { id } });
        if (!before || !groupChange(before, a)) continue;
        audits.push(await applyGroupChange(tx, before, a));
      }
      await appendAuditMany(tx, actor, audits);
      return audits.length;
    });
  }
  return { raised, upgraded, grouped, changed };
}

const ids = (csv: unknown) => String(csv ?? "").split(",").filter(Boolean);
/** Params compared whatever their key order. */
const canonical = (p: unknown) => JSON.stringify(Object.entries((p ?? {}) as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)));

/** What storing this group finding would change: close it, re-open it, or update its evidence (or nothing). */
function groupChange(e: { params: Prisma.JsonValue; resolvedAt: Date | null }, a: RaisedAlert): "resolve" | "reopen" | "update" | null {
  if (a.group?.dissolved) return e.resolvedAt ? null : "resolve";
  if (e.resolvedAt) return "reopen";
  return canonical(e.params) === canonical(a.params) ? null : "update";
}

type AlertRow = NonNullable<Awaited<ReturnType<Tx["alert"]["findUnique"]>>>;

/** Members and evidence replaced in place; the audit entry names the bidders and bids before and after. */
async function applyGroupChange(tx: Tx, before: AlertRow, a: RaisedAlert): Promise<AuditInput> {
  const change = groupChange(before, a)!;
  const was = before.params as Record<string, unknown>;
  const [membersBefore, members] = [ids(was.orgIds), a.group!.orgIds];
  const added = members.filter((o) => !membersBefore.includes(o));
  const removed = membersBefore.filter((o) => !members.includes(o));
  const now = new Date();
  // A company joining (or a closed group forming again) is news: the supervisor must look again.
  const reopen = change === "reopen" || (change === "update" && added.length > 0);
  const after = await tx.alert.update({
    where: { id: before.id },
    data: {
      params: (a.params ?? {}) as Prisma.InputJsonObject,
      changedAt: now,
      lastAt: now,
      ...(change === "resolve" ? { resolvedAt: now, resolution: "FEWER_THAN_TWO_BIDDERS" } : { resolvedAt: null, resolution: null }),
      ...(reopen ? { acknowledgedAt: null, acknowledgedById: null } : {}),
    },
  });
  const detail = {
    kind: a.kind,
    lotId: a.lotId ?? null,
    membersBefore,
    members,
    // Only who actually joined or left: the log row shows its first fields, empty lists would crowd them out.
    ...(added.length ? { added } : {}),
    ...(removed.length ? { removed } : {}),
    bidsBefore: ids(was.bidIds),
    bids: ids((a.params as Record<string, unknown> | undefined)?.bidIds),
    ...(change === "resolve" ? { reason: "supervision:alerts.resolution.FEWER_THAN_TWO_BIDDERS" } : { reopened: reopen }),
  };
  return { action: change === "resolve" ? "alert.resolved" : "alert.group_updated", entityType: "Alert", entityId: before.id, before, after, detail };
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { AlertKind } from "~/generated/prisma/enums";
import { getDb } from "~/lib/db.server";

/** Who an operation's evidence names: display name and organisation. */
export type AlertActor = { name: string; org: string };

export type AlertListFilter = { state?: "open" | "all"; severity?: "YELLOW" | "RED"; kind?: string; lotId?: string };

/** Open: neither acknowledged by a supervisor nor closed by the rules (a collusion group that dissolved). */
const OPEN = { acknowledgedAt: null, resolvedAt: null };

/** Alerts per console page: a busy centre has hundreds open; the rest are a page away, never silently cut. */
export const ALERTS_PER_PAGE = 50;

/**
 * The alerts console: red first, then the most recent occurrence; open ones by default; one page of
 * `take` (1-based `page`) with the total for the filter, the lot's title and the notes.
 */
export async function listAlerts(actor: Actor, filter: AlertListFilter = {}, take = ALERTS_PER_PAGE, page = 1) {
  assertCan(actor, "alert.read");
  const db = getDb();
  const where = {
    ...(filter.state === "all" ? {} : OPEN),
    ...(filter.severity ? { severity: filter.severity } : {}),
    // A kind from the address bar that names no rule matches nothing (as before kinds were an enum).
    ...(filter.kind ? { kind: filter.kind in AlertKind ? (filter.kind as AlertKind) : { in: [] } } : {}),
    ...(filter.lotId ? { lotId: filter.lotId } : {}),
  };
  const size = Math.min(Math.max(take, 1), 500);
  const [alerts, total] = await Promise.all([
    db.alert.findMany({
      where,
      // Red first (the enum is YELLOW < RED), then the most recent occurrence; the id keeps pages stable.
      orderBy: [{ severity: "desc" }, { lastAt: "desc" }, { id: "asc" }],
      skip: (Math.max(page, 1) - 1) * size,
      take: size,
    }),
    db.alert.count({ where }),
  ]);
  const lotIds = [...new Set(alerts.map((a) => a.lotId).filter((x): x is string => !!x))];
  const userIds = [...new Set(alerts.map((a) => a.acknowledgedById).filter((x): x is string => !!x))];
  const [lots, notes, counts, kinds] = await Promise.all([
    db.lot.findMany({ where: { id: { in: lotIds } }, select: { id: true, title: true, lotNo: true, project: { select: { code: true, title: true } } } }),
    db.alertNote.findMany({ where: { alertId: { in: alerts.map((a) => a.id) } }, orderBy: { createdAt: "asc" } }),
    db.alert.groupBy({ by: ["severity"], where: OPEN, _count: { _all: true } }),
    // The rules that have alerts in the current state: the console's rule filter offers these.
    db.alert.groupBy({ by: ["kind"], where: filter.state === "all" ? {} : OPEN, _count: { _all: true } }),
  ]);
  // What the last change of a collusion group was (its audit entry: who joined, who left, bids replaced).
  const changed = alerts.filter((a) => a.changedAt).map((a) => a.id);
  const changes = changed.length
    ? await db.auditEntry.findMany({
        where: { entityType: "Alert", entityId: { in: changed }, action: { in: ["alert.group_updated", "alert.resolved"] } },
        orderBy: [{ entityId: "asc" }, { id: "desc" }],
        distinct: ["entityId"],
        select: { entityId: true, detail: true },
      })
    : [];
  const lastChange = new Map(
    changes.map((c) => {
      const d = (c.detail ?? {}) as Record<string, unknown>;
      const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
      const [bids, before] = [list(d.bids), list(d.bidsBefore)];
      return [c.entityId, { added: list(d.added), removed: list(d.removed), bidsReplaced: before.filter((b) => !bids.includes(b)).length > list(d.removed).length }] as const;
    }),
  );
  const authors = await db.user.findMany({
    where: { id: { in: [...userIds, ...notes.map((n) => n.authorId)] } },
    select: { id: true, displayName: true },
  });
  const nameOf = new Map(authors.map((u) => [u.id, u.displayName]));
  // Evidence names organisations by id; the console shows their names.
  const orgIds = [
    ...new Set(
      [...alerts.flatMap((a) => String((a.params as Record<string, unknown> | null)?.orgIds ?? "").split(",")), ...[...lastChange.values()].flatMap((c) => [...c.added, ...c.removed])].filter((x) =>
        /^[0-9a-f-]{36}$/i.test(x),
      ),
    ),
  ];
  // …and the person behind an operation (actorId) by display name and organisation.
  const actorIds = [...new Set(alerts.map((a) => String((a.params as Record<string, unknown> | null)?.actorId ?? "")).filter((x) => /^[0-9a-f-]{36}$/i.test(x)))];
  const [orgs, actors] = await Promise.all([
    orgIds.length ? db.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }) : [],
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true, org: { select: { name: true } } } }) : [],
  ]);
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  return {
    total,
    page: Math.max(page, 1),
    pages: Math.max(1, Math.ceil(total / size)),
    pageSize: size,
    orgNames: Object.fromEntries(orgs.map((o) => [o.id, o.name])) as Record<string, string>,
    actors: Object.fromEntries(actors.map((u) => [u.id, { name: u.displayName, org: u.org.name }])) as Record<string, AlertActor>,
    open: Object.fromEntries(counts.map((c) => [c.severity, c._count._all])) as Partial<Record<"YELLOW" | "RED", number>>,
    kinds: kinds.map((k) => ({ kind: k.kind, count: k._count._all })).sort((a, b) => a.kind.localeCompare(b.kind)),
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      severity: a.severity,
      messageCode: a.messageCode,
      params: (a.params ?? {}) as Record<string, string | number>,
      createdAt: a.createdAt.toISOString(),
      occurrences: a.occurrences,
      lastAt: a.lastAt.toISOString(),
      acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
      changedAt: a.changedAt?.toISOString() ?? null,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      resolution: a.resolution,
      lastChange: lastChange.get(a.id) ?? null,
      acknowledgedBy: a.acknowledgedById ? (nameOf.get(a.acknowledgedById) ?? null) : null,
      lot: a.lotId ? (lotOf.get(a.lotId) ?? { id: a.lotId, title: "", lotNo: 0, project: { code: "", title: "" } }) : null,
      notes: notes
        .filter((n) => n.alertId === a.id)
        .map((n) => ({ id: n.id, kind: n.kind, text: n.text, author: nameOf.get(n.authorId) ?? "", createdAt: n.createdAt.toISOString() })),
    })),
  };
}

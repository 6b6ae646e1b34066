import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";

/** Complaints the reader may see: all for supervisors, the organisation's own and involved ones otherwise. */
export async function listComplaints(actor: Actor) {
  let where = {};
  if (actor.role === "SUPERVISOR") where = {};
  else if ((actor.role === "BIDDER" || actor.role === "STAFF") && actor.orgId)
    where = { OR: [{ complainantOrgId: actor.orgId }, { involvedOrgIds: { has: actor.orgId } }] };
  else throw new DomainError("common:errors.forbidden", { permission: "complaint.read" }, 403);
  const db = getDb();
  const rows = await db.complaint.findMany({ where, orderBy: { filedAt: "desc" }, take: 500 });
  const lots = await db.lot.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.lotId))] } },
    select: { id: true, title: true, project: { select: { code: true } } },
  });
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  return rows.map((c) => ({
    id: c.id,
    status: c.status,
    filedAt: c.filedAt.toISOString(),
    acceptDueAt: c.acceptDueAt.toISOString(),
    decisionDueAt: c.decisionDueAt?.toISOString() ?? null,
    suspendedByOrder: c.suspendedByOrder,
    lot: lotOf.get(c.lotId) ?? null,
    own: c.complainantOrgId === actor.orgId,
  }));
}

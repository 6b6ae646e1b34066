import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";

export type EntrustmentState = "IN_FORCE" | "EXPIRED" | "REVOKED";

/**
 * (委托代理 page) The entrustments the caller's organisation gave (a buyer) or received (an agent); the
 * centre's staff see every one, read-only. A buyer also gets the agent organisations it may entrust.
 */
export async function listEntrustments(actor: Actor, now = new Date()) {
  assertCan(actor, "entrustment.read");
  const db = getDb();
  const own = actor.orgId ? await db.organisation.findUnique({ where: { id: actor.orgId }, select: { id: true, kind: true, name: true } }) : null;
  const kind = own?.kind ?? null;
  const where =
    kind === "BUYER" ? { buyerOrgId: own!.id } : kind === "AGENT" ? { agentOrgId: own!.id } : kind === "CENTRE" ? {} : { id: { in: [] as string[] } };
  const rows = await db.agentEntrustment.findMany({ where, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 500 });
  const ids = [...new Set(rows.flatMap((r) => [r.buyerOrgId, r.agentOrgId]))];
  const names = new Map(
    (await db.organisation.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]),
  );
  const agents =
    kind === "BUYER"
      ? await db.organisation.findMany({ where: { kind: "AGENT" }, orderBy: { name: "asc" }, select: { id: true, name: true } })
      : [];
  const state = (r: (typeof rows)[number]): EntrustmentState =>
    r.revokedAt ? "REVOKED" : r.validUntil && r.validUntil <= now ? "EXPIRED" : "IN_FORCE";
  return {
    ownKind: kind,
    ownName: own?.name ?? null,
    canManage: kind === "BUYER",
    agents,
    entrustments: rows.map((r) => ({
      id: r.id,
      buyer: names.get(r.buyerOrgId) ?? "—",
      agent: names.get(r.agentOrgId) ?? "—",
      validFrom: r.validFrom.toISOString(),
      validUntil: r.validUntil?.toISOString() ?? null,
      note: r.note,
      revokedAt: r.revokedAt?.toISOString() ?? null,
      state: state(r),
    })),
  };
}

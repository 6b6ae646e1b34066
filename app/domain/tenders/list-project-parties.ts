import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { entrustmentInForce } from "./entrustment-in-force";

/**
 * (tender workflow UI) The organisations a new project may name: buyers (招标人/采购人) and agents (代理机构).
 * Centre staff may act for anyone; buyer or agent staff only see their own organisation in its role, plus
 * the other side to pair with (the domain re-checks in createProject). An agent's staff are offered only
 * the buyers whose entrustment of their agency is in force (委托代理); a buyer's staff only the agents it
 * entrusted.
 */
export async function listProjectParties(actor: Actor, now = new Date()) {
  assertCan(actor, "tender.create");
  const db = getDb();
  const own = actor.orgId ? await db.organisation.findUnique({ where: { id: actor.orgId }, select: { id: true, kind: true } }) : null;
  const all = await db.organisation.findMany({
    where: { kind: { in: ["BUYER", "AGENT"] } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, region: true },
  });
  const inForce =
    own?.kind === "AGENT" || own?.kind === "BUYER"
      ? await db.agentEntrustment.findMany({
          where: { ...(own.kind === "AGENT" ? { agentOrgId: own.id } : { buyerOrgId: own.id }), ...entrustmentInForce(now) },
          select: { buyerOrgId: true, agentOrgId: true },
        })
      : [];
  const buyers = all.filter(
    (o) => o.kind === "BUYER" && (own?.kind === "BUYER" ? o.id === own.id : own?.kind === "AGENT" ? inForce.some((e) => e.buyerOrgId === o.id) : true),
  );
  const agents = all.filter(
    (o) => o.kind === "AGENT" && (own?.kind === "AGENT" ? o.id === own.id : own?.kind === "BUYER" ? inForce.some((e) => e.agentOrgId === o.id) : true),
  );
  return { buyers, agents, ownKind: own?.kind ?? null, ownOrgId: own?.id ?? null };
}

import type { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { entrustmentInForce } from "./entrustment-in-force";
import { schemaError } from "./lot-terms";
import { createProjectSchema } from "./schemas";

export type CreateProjectInput = z.input<typeof createProjectSchema>;

/**
 * Creates a project (项目) for a buyer, optionally run by an agent. Staff create projects of their own
 * organisation (as the buyer or the agent) or, as centre staff, for anyone.
 *
 * 委托代理 (issue 13 item 9; 招标投标法 art. 12–13): a project names an agent only while the buyer's
 * entrustment of that agent is in force (AgentEntrustment: not revoked, not expired) — whoever creates it,
 * so an agent cannot create projects for buyers that did not entrust it, and nobody names an agent for a
 * buyer that did not choose it. Refused with nothing written.
 */
export async function createProject(actor: Actor, input: CreateProjectInput, now = new Date()) {
  assertCan(actor, "tender.create");
  const r = createProjectSchema.safeParse(input);
  if (!r.success) throw schemaError(r.error);
  const p = r.data;
  return getDb().$transaction(async (tx) => {
    const orgs = await tx.organisation.findMany({
      where: { id: { in: [p.buyerOrgId, ...(p.agentOrgId ? [p.agentOrgId] : []), ...(actor.orgId ? [actor.orgId] : [])] } },
      select: { id: true, kind: true },
    });
    const kindOf = (id: string) => orgs.find((o) => o.id === id)?.kind;
    if (kindOf(p.buyerOrgId) !== "BUYER") throw new DomainError("tenders:errors.buyerInvalid", {}, 422, "buyerOrgId");
    if (p.agentOrgId && kindOf(p.agentOrgId) !== "AGENT") throw new DomainError("tenders:errors.agentInvalid", {}, 422, "agentOrgId");
    const own = actor.orgId === p.buyerOrgId || actor.orgId === p.agentOrgId || (actor.orgId && kindOf(actor.orgId) === "CENTRE");
    if (!own) throw new DomainError("tenders:errors.notYourTender", {}, 403);
    if (p.agentOrgId) {
      const entrusted = await tx.agentEntrustment.findFirst({
        where: { buyerOrgId: p.buyerOrgId, agentOrgId: p.agentOrgId, ...entrustmentInForce(now) },
        select: { id: true },
      });
      if (!entrusted) throw new DomainError("tenders:errors.notEntrusted", {}, 403, "buyerOrgId");
    }
    if (await tx.project.findUnique({ where: { code: p.code }, select: { id: true } })) {
      throw new DomainError("tenders:errors.projectCodeTaken", { code: p.code }, 409, "code");
    }
    const project = await tx.project.create({
      data: { ...p, agentOrgId: p.agentOrgId ?? null, createdById: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "project.created",
      entityType: "Project",
      entityId: project.id,
      after: project,
      detail: { code: project.code, procurementType: project.procurementType },
    });
    return project;
  });
}

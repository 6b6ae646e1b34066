import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { isUuid } from "~/lib/uuid";


/**
 * The buyer's staff revoke an entrustment (委托代理, issue 13 item 9): from now on the agent may not name
 * this buyer in a new project. Projects it already created keep it as their agent (the law ends the
 * entrustment, not the procurements under way: those the buyer winds up with the agent or cancels). Audited.
 */
export async function revokeEntrustment(actor: Actor, input: { id: string }, now = new Date()) {
  assertCan(actor, "entrustment.manage");
  if (!isUuid(input.id)) throw new DomainError("tenders:errors.entrustmentNotFound", {}, 404);
  return getDb().$transaction(async (tx) => {
    const row = await tx.agentEntrustment.findUnique({ where: { id: input.id } });
    if (!row || !actor.orgId || row.buyerOrgId !== actor.orgId) throw new DomainError("tenders:errors.entrustmentNotFound", {}, 404);
    if (row.revokedAt) throw new DomainError("tenders:errors.entrustmentRevoked", {}, 409);
    const after = await tx.agentEntrustment.update({ where: { id: row.id }, data: { revokedAt: now, revokedById: actor.userId } });
    await appendAudit(tx, actor, {
      action: "entrustment.revoked",
      entityType: "AgentEntrustment",
      entityId: row.id,
      before: row,
      after,
      detail: { buyerOrgId: row.buyerOrgId, agentOrgId: row.agentOrgId },
    });
    return after;
  });
}

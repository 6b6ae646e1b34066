import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { loadComplaintForUpdate } from "./complaint-access";

/** The supervisor involves a party (buyer, agent, another bidder): it may then read the complaint. */
export async function involveParty(actor: Actor, input: { complaintId: string; orgId: string }) {
  assertCan(actor, "complaint.decide");
  return getDb().$transaction(async (tx) => {
    const c = await loadComplaintForUpdate(tx, input.complaintId);
    const org = /^[0-9a-f-]{36}$/i.test(input.orgId) ? await tx.organisation.findUnique({ where: { id: input.orgId } }) : null;
    if (!org) throw new DomainError("supervision:errors.orgNotFound", {}, 404, "orgId");
    if (c.involvedOrgIds.includes(org.id)) return c;
    const updated = await tx.complaint.update({ where: { id: c.id }, data: { involvedOrgIds: { push: org.id } } });
    await appendAudit(tx, actor, {
      action: "complaint.party_involved",
      entityType: "Complaint",
      entityId: c.id,
      detail: { lotId: c.lotId, orgId: org.id },
    });
    return updated;
  });
}

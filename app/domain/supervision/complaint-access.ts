import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Complaint } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

/**
 * 投诉 are confidential: supervisors see all; the complainant's organisation and the organisations the
 * supervisor involved (involvedOrgIds) see theirs; nobody else learns that one exists (404, not 403).
 */
export function mayReadComplaint(actor: Actor, c: Pick<Complaint, "complainantOrgId" | "involvedOrgIds">): boolean {
  if (actor.role === "SUPERVISOR") return true;
  if (!actor.orgId || (actor.role !== "BIDDER" && actor.role !== "STAFF")) return false;
  return c.complainantOrgId === actor.orgId || c.involvedOrgIds.includes(actor.orgId);
}


/** The complaint row-locked for a supervisor's step; 404 when absent. */
export async function loadComplaintForUpdate(tx: Tx, complaintId: string): Promise<Complaint> {
  if (!UUID.test(complaintId)) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Complaint" WHERE id = ${complaintId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
  return tx.complaint.findUniqueOrThrow({ where: { id: complaintId } });
}

export function assertStatus(c: Complaint, ...allowed: Complaint["status"][]) {
  if (!allowed.includes(c.status)) throw new DomainError("supervision:errors.complaintWrongState", { status: c.status }, 409);
}

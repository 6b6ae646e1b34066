import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { mayReadComplaint } from "./complaint-access";
import { UUID_PATTERN as UUID } from "~/lib/uuid";


/** One complaint for a reader allowed to see it (confidential: others get "not found"). */
export async function getComplaint(actor: Actor, complaintId: string) {
  if (!UUID.test(complaintId)) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
  const db = getDb();
  const c = await db.complaint.findUnique({ where: { id: complaintId } });
  if (!c || !mayReadComplaint(actor, c)) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
  const [lot, org] = await Promise.all([
    db.lot.findUnique({ where: { id: c.lotId }, select: { id: true, title: true, status: true, project: { select: { code: true, title: true } } } }),
    db.organisation.findUnique({ where: { id: c.complainantOrgId }, select: { name: true } }),
  ]);
  return { complaint: c, lot, complainantName: org?.name ?? "" };
}

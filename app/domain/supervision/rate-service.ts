import { inGroup } from "~/domain/tenders/lot-phases";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";

/**
 * A bidder rates the centre's service on a lot that ended (1–5 and a comment), once per organisation:
 * only organisations that registered for the lot may rate it.
 */
export async function rateService(actor: Actor, input: { lotId: string; score: number; comment?: string }) {
  assertCan(actor, "complaint.file"); // the bidders' permission to address the supervising authority
  const score = Number(input.score);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError("supervision:errors.ratingScore", {}, 422, "score");
  const comment = (input.comment ?? "").trim().slice(0, 2000);
  if (!/^[0-9a-f-]{36}$/i.test(input.lotId)) throw new DomainError("supervision:errors.ratingNotAllowed", {}, 403);
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId }, select: { status: true } });
    const registered = await tx.lotRegistration.count({ where: { lotId: input.lotId, bidderOrgId: actor.orgId ?? "" } });
    if (!lot || !inGroup(lot.status, "ended") || registered === 0 || !actor.orgId) throw new DomainError("supervision:errors.ratingNotAllowed", {}, 403);
    const existing = await tx.satisfactionRating.findUnique({ where: { lotId_orgId: { lotId: input.lotId, orgId: actor.orgId } } });
    if (existing) throw new DomainError("supervision:errors.alreadyRated", {}, 409);
    const r = await tx.satisfactionRating.create({ data: { lotId: input.lotId, orgId: actor.orgId, userId: actor.userId, score, comment } });
    await appendAudit(tx, actor, { action: "service.rated", entityType: "Lot", entityId: input.lotId, detail: { score } });
    return r;
  });
}

/** The organisation's rating of a lot, if any (for the form). */
export async function getOwnRating(actor: Actor, lotId: string) {
  assertCan(actor, "complaint.file");
  if (!/^[0-9a-f-]{36}$/i.test(lotId) || !actor.orgId) return null;
  return getDb().satisfactionRating.findUnique({ where: { lotId_orgId: { lotId, orgId: actor.orgId } } });
}

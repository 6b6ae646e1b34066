import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";

/**
 * The bidder's workspace: the lots its organisation registered for (with deadline and status) and every
 * bid it submitted, newest first, with the receipt numbers.
 */
export async function listOwnBids(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!actor.orgId) throw new DomainError("common:errors.forbidden", {}, 403);
  const [registrations, bids] = await Promise.all([
    db.lotRegistration.findMany({
      where: { bidderOrgId: actor.orgId },
      orderBy: { registeredAt: "desc" },
      take: 200,
      select: { lot: { select: { id: true, title: true, status: true, bidDeadline: true, bondFen: true, project: { select: { code: true, title: true } } } } },
    }),
    db.bid.findMany({
      where: { bidderOrgId: actor.orgId },
      orderBy: { submittedAt: "desc" },
      take: 500,
      select: { id: true, lotId: true, status: true, submittedAt: true, size: true, ciphertextSha256: true, receipts: { select: { number: true, kind: true, documentId: true } } },
    }),
  ]);
  return {
    lots: registrations.map(({ lot }) => ({
      id: lot.id,
      title: lot.title,
      status: lot.status,
      bidDeadline: lot.bidDeadline.toISOString(),
      bondFen: lot.bondFen.toString(),
      projectCode: lot.project.code,
      projectTitle: lot.project.title,
    })),
    bids: bids.map((b) => ({ ...b, size: b.size.toString(), submittedAt: b.submittedAt.toISOString() })),
  };
}

import { inGroup } from "~/domain/tenders/lot-phases";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertBidWindow, isUuid } from "./bid-window";
import { dbNow } from "./db-clock";

/**
 * What the bid page needs: the lot (if the organisation is registered and bids are open now) and the
 * organisation's current public key to seal to. Refusals are the same as finaliseBid's early checks.
 */
export async function getBidForm(actor: Actor, input: { lotId: string }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!isUuid(input.lotId) || !actor.orgId) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const lot = await db.lot.findUnique({
    where: { id: input.lotId },
    select: { id: true, title: true, status: true, bidDeadline: true, bondFen: true, project: { select: { title: true, code: true } } },
  });
  if (!lot || !inGroup(lot.status, "public")) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const reg = await db.lotRegistration.findUnique({ where: { lotId_bidderOrgId: { lotId: lot.id, bidderOrgId: actor.orgId } } });
  if (!reg) throw new DomainError("bids:errors.notRegistered", {}, 403);
  assertBidWindow(lot, await dbNow(db));
  const key = await db.bidderKey.findFirst({ where: { orgId: actor.orgId, retiredAt: null }, select: { fingerprint: true, publicKeySpki: true } });
  return {
    lot: { id: lot.id, title: lot.title, projectTitle: lot.project.title, projectCode: lot.project.code, bidDeadline: lot.bidDeadline.toISOString(), bondFen: lot.bondFen.toString() },
    key,
  };
}

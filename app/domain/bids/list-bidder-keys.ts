import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { openBidsForKey, type DependentBid } from "./open-bids-for-key";

/** The organisation's keys, newest first, each with the open bids that still need it at their opening. */
export async function listBidderKeys(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "bidkey.manage");
  if (!actor.orgId) throw new DomainError("common:errors.forbidden", {}, 403);
  const keys = await db.bidderKey.findMany({ where: { orgId: actor.orgId }, orderBy: { createdAt: "desc" } });
  const out: Array<{ id: string; fingerprint: string; createdAt: Date; retiredAt: Date | null; current: boolean; openBids: DependentBid[] }> = [];
  for (const k of keys) {
    out.push({
      id: k.id,
      fingerprint: k.fingerprint,
      createdAt: k.createdAt,
      retiredAt: k.retiredAt,
      current: k.retiredAt === null,
      openBids: await openBidsForKey(db, actor.orgId, k.fingerprint),
    });
  }
  return out;
}

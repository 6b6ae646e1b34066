import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { isUuid } from "./bid-window";
import { parseInput } from "./parse-input";
import { selfTestSchema } from "./schemas";

/**
 * Records the outcome of a decryption self-test the bidder ran in its own browser (key file + passphrase
 * opened its downloaded ciphertext with openBid; no key material is sent, only ok / the error code).
 * Audited as bid.selftest and kept on the bid, so staff can see before the opening who has checked.
 */
export async function recordSelfTest(actor: Actor, input: { bidId: string; result: unknown }, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  const r = parseInput(selfTestSchema, input.result);
  if (!isUuid(input.bidId) || !actor.orgId) throw new DomainError("bids:errors.bidNotFound", {}, 404);
  const orgId = actor.orgId;
  return db.$transaction(async (tx) => {
    const bid = await tx.bid.findFirst({ where: { id: input.bidId, bidderOrgId: orgId } });
    if (!bid) throw new DomainError("bids:errors.bidNotFound", {}, 404);
    const result = r.ok ? "ok" : (r.code || "error");
    const at = new Date();
    await tx.bid.update({ where: { id: bid.id }, data: { selfTestAt: at, selfTestResult: result } });
    await appendAudit(tx, actor, {
      action: "bid.selftest",
      entityType: "Bid",
      entityId: bid.id,
      detail: { lotId: bid.lotId, result, keyFingerprint: bid.keyFingerprint },
    });
    return { bidId: bid.id, result, at: at.toISOString() };
  });
}

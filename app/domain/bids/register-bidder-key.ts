import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { fromBase64, importPublicKeySpki, publicKeyFingerprint } from "~/domain/crypto";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { openBidsForKey } from "./open-bids-for-key";

export interface RegisterBidderKeyInput {
  /** SPKI DER of the new public key, base64 (what the browser exported; never the private key). */
  publicKeySpki: string;
  /** The fingerprint the browser computed and showed the user: must equal SHA-256(SPKI). */
  fingerprint: string;
  /** Required when open bids depend on the current key: the user has seen the warning and still replaces it. */
  confirmReplace?: boolean;
}

/**
 * Registers the organisation's bidder public key, retiring the current one. The private key never comes
 * here: it stays in the key file the browser offered for download. A retired key stays on record, so bids
 * sealed to it can still be opened with its key file. If open bids (lot not yet opened) were sealed to the
 * current key, the first call is refused with those bids listed (409); repeating with confirmReplace goes on.
 */
export async function registerBidderKey(actor: Actor, input: RegisterBidderKeyInput, db: Db = getDb()) {
  assertCan(actor, "bidkey.manage");
  if (!actor.orgId || !actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  let spki: Uint8Array;
  try {
    spki = fromBase64(input.publicKeySpki);
  } catch {
    throw new DomainError("bids:errors.invalidPublicKey", {}, 422, "publicKeySpki");
  }
  if (spki.length > 150) throw new DomainError("bids:errors.invalidPublicKey", {}, 422, "publicKeySpki");
  await importPublicKeySpki(spki).catch(() => {
    throw new DomainError("bids:errors.invalidPublicKey", {}, 422, "publicKeySpki");
  });
  const fingerprint = await publicKeyFingerprint(spki);
  if (fingerprint !== input.fingerprint.toLowerCase()) {
    throw new DomainError("bids:errors.fingerprintMismatch", {}, 422, "fingerprint");
  }
  const orgId = actor.orgId;

  return db.$transaction(async (tx) => {
    // One key change per organisation at a time (the partial unique index is the last line of defence).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`bidkey:${orgId}`}, 0))`;
    if (await tx.bidderKey.findUnique({ where: { fingerprint } })) {
      throw new DomainError("bids:errors.keyAlreadyRegistered", {}, 409);
    }
    const current = await tx.bidderKey.findFirst({ where: { orgId, retiredAt: null } });
    if (current) {
      const dependents = await openBidsForKey(tx, orgId, current.fingerprint);
      if (dependents.length > 0 && !input.confirmReplace) {
        throw new DomainError("bids:errors.keyHasOpenBids", { count: dependents.length }, 409);
      }
      await tx.bidderKey.update({ where: { id: current.id }, data: { retiredAt: new Date() } });
      await appendAudit(tx, actor, {
        action: "bidkey.retired",
        entityType: "BidderKey",
        entityId: current.id,
        before: current,
        detail: { fingerprint: current.fingerprint, openBids: dependents.length },
      });
    }
    const key = await tx.bidderKey.create({
      data: { orgId, fingerprint, publicKeySpki: input.publicKeySpki, createdById: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "bidkey.registered",
      entityType: "BidderKey",
      entityId: key.id,
      after: key,
      detail: { fingerprint, replaced: current?.fingerprint ?? null },
    });
    return { id: key.id, fingerprint, replaced: current?.fingerprint ?? null };
  });
}

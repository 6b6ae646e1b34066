import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { bidStorageKey } from "~/domain/bids/finalise-bid";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, readEnvelopeHeader, toBase64, unwrapContentKey } from "~/domain/crypto";
import { TRANSITION_HANDLERS } from "~/domain/schedule/transition-handlers";
import type { Db } from "~/lib/db.server";
import { getStorage } from "~/lib/storage.server";
import { sealFor } from "./bids-fixtures";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/**
 * Opening-hall fixtures: a lot whose deadline has just passed with N sealed bids stored as the bid area
 * stores them (envelope in bid storage, Bid row with the sealer's hashes), then the deadline engine's
 * OPEN_HALL handler run for real. Each bidder keeps its private key, so tests unwrap content keys as the
 * browser would.
 */
export async function setupHall(db: Db, prices: bigint[]) {
  const p = await seedParties(db);
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
    { docsTo: new Date(Date.now() - 120_000), deadline: new Date(Date.now() + 3_600_000), docsFrom: new Date(Date.now() - 300_000) },
  );
  const bidders: Array<{ actor: Actor; orgId: string; bidId: string; contentKey: string; envelope: Uint8Array; privateKey: CryptoKey }> = [];
  for (const [i, price] of prices.entries()) {
    const org = await makeOrg(db, "BIDDER", `投标单位${i + 1}有限公司`);
    const actor = await makeUser(db, org.id, "BIDDER", `投标人${i + 1}`);
    await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: org.id, userId: actor.userId! } });
    const kp = await generateBidderKeyPair();
    const spki = await exportSpki(kp.publicKey);
    const fingerprint = await publicKeyFingerprint(spki);
    await db.bidderKey.create({ data: { orgId: org.id, fingerprint, publicKeySpki: toBase64(spki), createdById: actor.userId! } });
    const sealed = await sealFor(lot.id, spki, { priceFen: price, text: `bid ${i}` });
    const bidId = randomUUID();
    const stored = await getStorage().put(bidStorageKey(lot.id, bidId), Buffer.from(sealed.envelope));
    await db.bid.create({
      data: {
        id: bidId,
        lotId: lot.id,
        bidderOrgId: org.id,
        submittedById: actor.userId!,
        uploadId: `up-${bidId}`,
        storageKey: bidStorageKey(lot.id, bidId),
        size: BigInt(stored.size),
        ciphertextSha256: stored.sha256,
        plaintextSha256: sealed.plaintextSha256,
        keyFingerprint: fingerprint,
        submittedAt: new Date(Date.now() - 60_000 + i * 1000),
      },
    });
    const ck = await unwrapContentKey(readEnvelopeHeader(sealed.envelope).header, kp.privateKey);
    bidders.push({ actor, orgId: org.id, bidId, contentKey: toBase64(ck), envelope: sealed.envelope, privateKey: kp.privateKey });
  }
  // The deadline has come: the lot's instant moves to now and the engine's OPEN_HALL fires.
  const deadline = new Date(Date.now() - 1000);
  await db.lot.update({ where: { id: lot.id }, data: { bidDeadline: deadline } });
  await fireOpenHall(db, lot.id);
  return { ...p, lot, bidders };
}

export async function fireOpenHall(db: Db, lotId: string) {
  return db.$transaction(async (tx) => {
    const l = await tx.lot.findUniqueOrThrow({ where: { id: lotId } });
    return TRANSITION_HANDLERS.OPEN_HALL(
      tx,
      { id: randomUUID(), lotId, kind: "OPEN_HALL", refId: "", dueAt: l.bidDeadline },
      { id: l.id, authorId: l.authorId, status: l.status, suspendedFrom: l.suspendedFrom, docsAvailableTo: l.docsAvailableTo, bidDeadline: l.bidDeadline },
    );
  });
}

export { makeOrg, makeUser };

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { dbNow } from "~/domain/bids/db-clock";
import {
  fromBase64,
  HashMismatchError,
  InvalidEnvelopeError,
  openBidWithContentKey,
  TamperedEnvelopeError,
  TruncatedEnvelopeError,
  WrongKeyError,
} from "~/domain/crypto";
import { DomainError } from "~/domain/errors";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { assertBidder, loadSession } from "./hall-access";
import { hallTx } from "./hall-tx";
import { consumeHallLimit } from "./rate-limits";

export type ReleaseOutcome = { status: "DECRYPTED"; ordinal: number } | { status: "TAMPERED"; ordinal: number; reason: string };

const isTamper = (e: unknown) =>
  e instanceof TamperedEnvelopeError || e instanceof TruncatedEnvelopeError || e instanceof HashMismatchError || e instanceof InvalidEnvelopeError;

/** Refuses unless the session is DECRYPTING and the database clock is before decryptionEndsAt. */
async function assertWindowOpen(tx: Tx | Db, sessionId: string) {
  const s = await tx.openingSession.findUniqueOrThrow({ where: { id: sessionId }, select: { state: true, decryptionEndsAt: true } });
  const now = await dbNow(tx);
  if (s.state !== "DECRYPTING" || !s.decryptionEndsAt || now.getTime() >= s.decryptionEndsAt.getTime()) {
    throw new DomainError("opening:errors.windowClosed", {}, 409);
  }
  return now;
}

/**
 * A bidder releases the 32-byte content key of its own bid (unwrapped in its browser from the envelope
 * header with its key file; the private key never leaves the browser). The server then, in memory:
 * checks the key commitment (wrong key → bids:errors.wrongKey, counted, retry allowed), decrypts the stored
 * envelope chunk by chunk, verifies every chunk, every file digest, and the plaintext and ciphertext
 * SHA-256 against the bid's receipt. Any failure of the stored bytes → the bid is TAMPERED: reported, its
 * content not opened. Success → DECRYPTED with its price sheet (shown to all only at 唱标) and the key
 * kept for the evaluation (ADR 0011). Another organisation's bid → 403; outside the window → 409.
 */
export async function releaseContentKey(
  actor: Actor,
  input: { lotId: string; bidId: string; contentKey: string },
  deps: { db?: Db; storage?: Storage } = {},
): Promise<ReleaseOutcome> {
  assertCan(actor, "opening.decrypt");
  const db = deps.db ?? getDb();
  const storage = deps.storage ?? getStorage();
  const orgId = await assertBidder(db, actor, input.lotId);
  const s = await loadSession(db, input.lotId);
  const d = await db.bidDecryption.findUnique({ where: { bidId: input.bidId } });
  if (!d || d.sessionId !== s.id) throw new DomainError("opening:errors.bidNotInHall", {}, 404);
  if (d.bidderOrgId !== orgId) throw new DomainError("opening:errors.notYourBid", {}, 403);
  if (d.status !== "PENDING") throw new DomainError("opening:errors.alreadySettled", { status: d.status }, 409);
  await assertWindowOpen(db, s.id);
  await consumeHallLimit("keyRelease", s.id, orgId);

  let key: Uint8Array;
  try {
    key = fromBase64(input.contentKey.trim());
  } catch {
    key = new Uint8Array(0);
  }
  if (key.length !== 32) throw new DomainError("opening:errors.badContentKey", {}, 422, "contentKey");

  const bid = await db.bid.findUniqueOrThrow({ where: { id: d.bidId }, select: { storageKey: true, plaintextSha256: true, ciphertextSha256: true } });
  let sheet: { totalPriceFen: bigint; durationDays: number; fields: { name: string; value: string }[] } | null = null;
  let plaintextSha256: string | null = null;
  let tamperReason: string | null = null;
  try {
    const opened = await openBidWithContentKey(storage.get(bid.storageKey), key, {
      expect: { plaintextSha256: bid.plaintextSha256, ciphertextSha256: bid.ciphertextSha256 },
    });
    const r = await opened.done(); // every chunk, every file digest and both receipt hashes
    sheet = opened.priceSheet;
    plaintextSha256 = r.plaintextSha256;
  } catch (e) {
    if (e instanceof WrongKeyError) {
      await hallTx(s.id, async (tx, emit) => {
        await tx.bidDecryption.update({ where: { id: d.id }, data: { attempts: { increment: 1 }, lastError: "bids:errors.wrongKey" } });
        await emit("bid.decryption_failed", { ordinal: d.ordinal, code: "bids:errors.wrongKey" });
        await appendAudit(tx, actor, { action: "opening.key_refused", entityType: "BidDecryption", entityId: d.id, detail: { bidId: d.bidId, lotId: input.lotId } });
      }, db);
      throw e;
    }
    if (!isTamper(e)) throw e; // storage or platform failure: the bid stays PENDING, the bidder may retry
    const err = e as DomainError;
    tamperReason = `${err.code} ${JSON.stringify(err.params)}`.slice(0, 200);
  }

  return hallTx(s.id, async (tx, emit) => {
    const now = await assertWindowOpen(tx, s.id);
    const data = tamperReason
      ? { status: "TAMPERED" as const, tamperReason, decryptedAt: now }
      : {
          status: "DECRYPTED" as const,
          decryptedAt: now,
          plaintextSha256,
          contentKey: Buffer.from(key),
          totalPriceFen: sheet!.totalPriceFen,
          durationDays: sheet!.durationDays,
          fields: sheet!.fields,
        };
    const { count } = await tx.bidDecryption.updateMany({ where: { id: d.id, status: "PENDING" }, data });
    if (count === 0) throw new DomainError("opening:errors.alreadySettled", { status: "?" }, 409);
    await emit(tamperReason ? "bid.tampered" : "bid.decrypted", { ordinal: d.ordinal });
    await appendAudit(tx, actor, {
      action: tamperReason ? "opening.bid_tampered" : "opening.bid_decrypted",
      entityType: "BidDecryption",
      entityId: d.id,
      detail: { bidId: d.bidId, lotId: input.lotId, plaintextSha256, tamperReason },
    });
    return tamperReason ? { status: "TAMPERED" as const, ordinal: d.ordinal, reason: tamperReason } : { status: "DECRYPTED" as const, ordinal: d.ordinal };
  }, db);
}

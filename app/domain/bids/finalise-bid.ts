import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { MAX_HEADER_LENGTH, PREAMBLE_LENGTH, readEnvelopeHeader, type EnvelopeHeader } from "~/domain/crypto";
import { DomainError } from "~/domain/errors";
import { getDb, pgPoolOf, type Db } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { notifyAfterCommit } from "~/lib/notify-after-commit.server";
import { markRush } from "~/lib/rush-gate.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { assertBidWindow } from "./bid-window";
import { discardRefusedUpload } from "./discard-refused-upload";
import { assertFraming } from "./framing-walker";
import { computeUploadDigest, syncUploadFile, type UploadDigest } from "./hashing-file-store.server";
import { isUniqueViolation, parseInput } from "./parse-input";
import { recordFinalisedBid } from "./record-finalised-bid";
import type { ReceiptView } from "./receipt-view";
import { finaliseBidSchema } from "./schemas";
import { getUpload, getUploadDigest, readUploadHead, removeUpload, uploadFilePath } from "./upload-server.server";

export const bidStorageKey = (lotId: string, bidId: string) => `bids/${lotId}/${bidId}.sealed`;

/**
 * Turns a finished upload into the organisation's bid for a lot, with its receipt (回执) — or refuses and
 * stores nothing. Checks, cheapest first: the upload is the caller's and complete; the organisation is
 * registered for the lot; the lot takes bids (PUBLISHED, database clock < bidDeadline); the envelope header
 * names this lot and one of the organisation's registered keys; the bond covers lot.bondFen; the SHA-256 and
 * framing verdict the upload store computed while the bytes streamed in match (issue 15: finalise never
 * reads the bid's bytes again). The upload is then linked into bid storage (same volume: no copy).
 * Finally ONE transaction re-checks the window under a share lock on the lot (so the deadline transition
 * waits for it), marks the previous active bid REPLACED, and writes bid, bond, receipt, audit entry and
 * the receipt-PDF job. The instant on the receipt is that transaction's database clock.
 * Issue 15 (many bidders at once): plain SQL on the Prisma client's pool, one round trip for the early
 * checks and five for the transaction (record-finalised-bid.ts, ADR 0027).
 * A replayed finalise of the same upload is refused (409): Bid.uploadId is unique.
 */
export async function finaliseBid(
  actor: Actor,
  rawInput: unknown,
  deps: { db?: Db; storage?: Storage } = {},
): Promise<ReceiptView & { replacedBidId: string | null }> {
  // A refusal that no retry can cure deletes the caller's upload at once (discard-refused-upload.ts).
  let ownUpload: string | null = null;
  try {
    return await finalise(actor, rawInput, deps, (id) => (ownUpload = id));
  } catch (e) {
    if (ownUpload) await discardRefusedUpload(e, ownUpload);
    throw e;
  }
}

async function finalise(
  actor: Actor,
  rawInput: unknown,
  deps: { db?: Db; storage?: Storage },
  uploadIsOwn: (uploadId: string) => void,
): Promise<ReceiptView & { replacedBidId: string | null }> {
  assertCan(actor, "bid.submit");
  const input = parseInput(finaliseBidSchema, rawInput);
  const db = deps.db ?? getDb();
  const pool = pgPoolOf(db);
  const storage = deps.storage ?? getStorage();
  if (!actor.orgId || !actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  const orgId = actor.orgId;
  markRush(); // documents wait while bids are finalised

  // The files first (they tell the key to look up), then ONE query for everything the checks need; the
  // checks then run in their usual order, cheapest refusal first.
  const upload = await getUpload(input.uploadId);
  const usable = !!upload && upload.metadata?.ownerUserId === actor.userId && upload.size !== undefined && upload.offset === upload.size;
  let header: EnvelopeHeader | undefined;
  let headerError: unknown;
  let digest: Promise<UploadDigest | null> = Promise.resolve(null);
  if (usable) {
    try {
      header = readEnvelopeHeader(await readUploadHead(input.uploadId, PREAMBLE_LENGTH + MAX_HEADER_LENGTH)).header;
    } catch (e) {
      headerError = e;
    }
    digest = getUploadDigest(input.uploadId);
  }
  const [facts, recorded] = await Promise.all([
    readFinaliseFacts(pool, { uploadId: input.uploadId, lotId: input.lotId, orgId, fingerprint: header?.recipientFingerprint ?? null }),
    digest,
  ]);

  if (facts.priorBidId) throw new DomainError("bids:errors.alreadyFinalised", { bidId: facts.priorBidId }, 409);
  if (!upload || upload.metadata?.ownerUserId !== actor.userId) throw new DomainError("bids:errors.uploadNotFound", {}, 404);
  if (upload.size === undefined || upload.offset !== upload.size) {
    throw new DomainError("bids:errors.uploadIncomplete", { offset: upload.offset, size: upload.size ?? 0 }, 409);
  }
  uploadIsOwn(input.uploadId);

  if (!facts.lot) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const lot = facts.lot;
  if (!facts.registered) throw new DomainError("bids:errors.notRegistered", {}, 403);
  assertBidWindow(lot, facts.now); // early refusal; the transaction decides

  // The envelope itself. A tampered or foreign one can never become a bid: the refusal deletes its upload
  // at once (discard-refused-upload.ts); form mistakes below (the bond) keep it for a retry.
  if (!header) throw headerError;
  const stored =
    recorded ??
    (logger.warn({ uploadId: input.uploadId }, "upload without a recorded digest: hashing it now"),
    await computeUploadDigest(uploadFilePath(input.uploadId), upload.size));
  assertFraming(stored.framing);
  if (header.lotId !== lot.id) throw new DomainError("bids:errors.envelopeWrongLot", { lotId: header.lotId }, 422);
  if (facts.keyOrgId !== orgId) throw new DomainError("bids:errors.unknownKey", { fingerprint: header.recipientFingerprint }, 422);
  if (input.bond.amountFen < lot.bondFen) {
    throw new DomainError("bids:errors.bondTooLow", { required: lot.bondFen.toString(), given: input.bond.amountFen.toString() }, 422, "bond.amountFen");
  }

  const bidId = randomUUID();
  const storageKey = bidStorageKey(lot.id, bidId);
  if (stored.sha256 !== input.ciphertextSha256 || stored.size !== upload.size) {
    // A damaged upload cannot become right: the client uploads again (the refusal deletes this one).
    throw new DomainError("bids:errors.ciphertextHashMismatch", { declared: input.ciphertextSha256, actual: stored.sha256 }, 422, "ciphertextSha256");
  }
  // Durable before the receipt (usually flushed already by the upload's background fsync), then a second
  // name for the same bytes; the upload's name goes after commit. A failed transaction removes only the
  // new name: the upload is still there to retry.
  await syncUploadFile(uploadFilePath(input.uploadId));
  await storage.adopt(storageKey, uploadFilePath(input.uploadId));

  let result: ReceiptView & { replacedBidId: string | null; liveUserIds: string[] };
  try {
    const { bond } = input;
    result = await recordFinalisedBid(pool, actor, {
      bidId,
      lotId: lot.id,
      orgId,
      userId: actor.userId,
      uploadId: input.uploadId,
      storageKey,
      size: stored.size,
      ciphertextSha256: stored.sha256,
      plaintextSha256: input.plaintextSha256,
      keyFingerprint: header.recipientFingerprint,
      deviceId: input.deviceId ?? "",
      bond: {
        method: bond.method,
        amountFen: bond.amountFen,
        payerAccount: "payerAccount" in bond ? bond.payerAccount.replace(/[\s-]/g, "") : null,
        payerBank: bond.payerBank ?? null,
        bankReference: "bankReference" in bond ? bond.bankReference : null,
        guaranteeNo: "guaranteeNo" in bond ? bond.guaranteeNo : null,
      },
    });
  } catch (e) {
    await storage.delete(storageKey).catch(() => {});
    if (isUniqueViolation(e, "uploadId")) throw new DomainError("bids:errors.alreadyFinalised", { bidId: "" }, 409);
    throw e;
  }
  const { liveUserIds, ...receipt } = result;
  notifyAfterCommit([{ channel: "outbox", payload: "finalise" }, ...liveUserIds.map((u) => ({ channel: "notification", payload: u }))], db);
  await removeUpload(input.uploadId).catch((err: unknown) => logger.warn({ err, uploadId: input.uploadId }, "upload cleanup failed"));
  // Again, at the very end: the hold counts from when this finalise was done, so one slower than the hold
  // (a loaded machine, a slow cleanup) does not let documents in early.
  markRush();
  return receipt;
}

interface FinaliseFacts {
  priorBidId: string | null;
  lot: { id: string; status: string; bidDeadline: Date; bondFen: bigint } | null;
  registered: boolean;
  keyOrgId: string | null;
  now: Date;
}

/**
 * Everything the early checks need, in one round trip: a bid already made from this upload, the lot, the
 * organisation's registration, the organisation owning the envelope's key, and the database clock.
 */
async function readFinaliseFacts(
  pool: pg.Pool,
  q: { uploadId: string; lotId: string; orgId: string; fingerprint: string | null },
): Promise<FinaliseFacts> {
  const { rows } = await pool.query<{
    priorBidId: string | null; id: string | null; status: string; bidDeadline: Date; bondFen: string; registered: boolean; keyOrgId: string | null; now: Date;
  }>({
    name: "finalise-facts-v1",
    text: `
      SELECT (SELECT b.id FROM "Bid" b WHERE b."uploadId" = $1) AS "priorBidId",
             l.id, l.status::text AS status, l."bidDeadline", l."bondFen"::text AS "bondFen",
             EXISTS (SELECT 1 FROM "LotRegistration" r WHERE r."lotId" = $2::uuid AND r."bidderOrgId" = $3::uuid) AS registered,
             (SELECT k."orgId" FROM "BidderKey" k WHERE k.fingerprint = $4) AS "keyOrgId",
             clock_timestamp() AS now
        FROM (SELECT 1) AS one LEFT JOIN "Lot" l ON l.id = $2::uuid`,
    values: [q.uploadId, q.lotId, q.orgId, q.fingerprint],
  });
  const r = rows[0]!;
  return {
    priorBidId: r.priorBidId,
    lot: r.id ? { id: r.id, status: r.status, bidDeadline: r.bidDeadline, bondFen: BigInt(r.bondFen) } : null,
    registered: r.registered,
    keyOrgId: r.keyOrgId,
    now: r.now,
  };
}

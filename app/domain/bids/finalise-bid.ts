import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { MAX_HEADER_LENGTH, PREAMBLE_LENGTH, readEnvelopeHeader } from "~/domain/crypto";
import { DomainError } from "~/domain/errors";
import { renderBidReceipt } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { notifyAfterCommit } from "~/lib/notify-after-commit.server";
import { markRush } from "~/lib/rush-gate.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { assertBidWindow, lockLotOpenForBids } from "./bid-window";
import { dbNow } from "./db-clock";
import { discardRefusedUpload } from "./discard-refused-upload";
import { assertFraming } from "./framing-walker";
import { computeUploadDigest, syncUploadFile } from "./hashing-file-store.server";
import { isUniqueViolation, parseInput } from "./parse-input";
import { notifyReceipt } from "./notify-receipt";
import { receiptStamp } from "./receipt-stamp";
import { receiptView, type ReceiptView } from "./receipt-view";
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
  const storage = deps.storage ?? getStorage();
  if (!actor.orgId || !actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  const orgId = actor.orgId;
  markRush(); // documents wait while bids are finalised

  const prior = await db.bid.findUnique({ where: { uploadId: input.uploadId }, select: { id: true } });
  if (prior) throw new DomainError("bids:errors.alreadyFinalised", { bidId: prior.id }, 409);
  const upload = await getUpload(input.uploadId);
  if (!upload || upload.metadata?.ownerUserId !== actor.userId) throw new DomainError("bids:errors.uploadNotFound", {}, 404);
  if (upload.size === undefined || upload.offset !== upload.size) {
    throw new DomainError("bids:errors.uploadIncomplete", { offset: upload.offset, size: upload.size ?? 0 }, 409);
  }
  uploadIsOwn(input.uploadId);

  const lot = await db.lot.findUnique({ where: { id: input.lotId }, select: { id: true, status: true, bidDeadline: true, bondFen: true } });
  if (!lot) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const reg = await db.lotRegistration.findUnique({ where: { lotId_bidderOrgId: { lotId: lot.id, bidderOrgId: orgId } } });
  if (!reg) throw new DomainError("bids:errors.notRegistered", {}, 403);
  assertBidWindow(lot, await dbNow(db)); // early refusal; the transaction below decides

  // The envelope itself. A tampered or foreign one can never become a bid: the refusal deletes its upload
  // at once (discard-refused-upload.ts); form mistakes below (the bond) keep it for a retry.
  const { header } = readEnvelopeHeader(await readUploadHead(input.uploadId, PREAMBLE_LENGTH + MAX_HEADER_LENGTH));
  const stored =
    (await getUploadDigest(input.uploadId)) ??
    (logger.warn({ uploadId: input.uploadId }, "upload without a recorded digest: hashing it now"),
    await computeUploadDigest(uploadFilePath(input.uploadId), upload.size));
  assertFraming(stored.framing);
  if (header.lotId !== lot.id) throw new DomainError("bids:errors.envelopeWrongLot", { lotId: header.lotId }, 422);
  const key = await db.bidderKey.findUnique({ where: { fingerprint: header.recipientFingerprint } });
  if (!key || key.orgId !== orgId) throw new DomainError("bids:errors.unknownKey", { fingerprint: header.recipientFingerprint }, 422);
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
    result = await db.$transaction(
      async (tx) => {
        const { lot: locked } = await lockLotOpenForBids(tx, lot.id);
        // Finalises of one organisation for one lot run one after the other: "the latest" is well defined.
        // Only they contend on this lock; other organisations' finalises never wait on it.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`bid:${lot.id}:${orgId}`}, 0))`;
        // The receipt's instant (checked against the deadline again: it is the one printed) and number.
        const { number, now } = await receiptStamp(tx);
        assertBidWindow(locked, now);
        const previous = await tx.bid.findFirst({ where: { lotId: lot.id, bidderOrgId: orgId, status: "ACTIVE" } });
        if (previous) {
          await tx.bid.update({ where: { id: previous.id }, data: { status: "REPLACED", replacedAt: now, replacedById: bidId } });
        }
        const bid = await tx.bid.create({
          data: {
            id: bidId,
            lotId: lot.id,
            bidderOrgId: orgId,
            submittedById: actor.userId,
            uploadId: input.uploadId,
            storageKey,
            size: BigInt(stored.size),
            ciphertextSha256: stored.sha256,
            plaintextSha256: input.plaintextSha256,
            keyFingerprint: key.fingerprint,
            uploaderIp: actor.ip.slice(0, 64),
            userAgent: actor.userAgent.slice(0, 400),
            deviceId: input.deviceId ?? "",
            submittedAt: now,
          },
        });
        const { method, amountFen } = input.bond;
        await tx.bidBond.create({
          data: {
            bidId,
            method,
            amountFen,
            payerAccount: "payerAccount" in input.bond ? input.bond.payerAccount.replace(/[\s-]/g, "") : null,
            payerBank: input.bond.payerBank ?? null,
            bankReference: "bankReference" in input.bond ? input.bond.bankReference : null,
            guaranteeNo: "guaranteeNo" in input.bond ? input.bond.guaranteeNo : null,
          },
        });
        const receipt = await tx.bidReceipt.create({
          data: {
            number,
            kind: "SUBMITTED",
            bidId,
            lotId: lot.id,
            bidderOrgId: orgId,
            issuedAt: now,
            ciphertextSha256: bid.ciphertextSha256,
            plaintextSha256: bid.plaintextSha256,
            size: bid.size,
            keyFingerprint: bid.keyFingerprint,
          },
        });
        await appendAudit(tx, actor, {
          action: previous ? "bid.replaced" : "bid.submitted",
          entityType: "Bid",
          entityId: bidId,
          before: previous ?? undefined,
          after: bid,
          detail: {
            lotId: lot.id,
            receipt: number,
            // Not the plaintext hash: the log is read before the opening, and the hash of a predictable file
            // tells what it is (issue 13). It stays on the bid and the bidder's own receipt.
            ciphertextSha256: bid.ciphertextSha256,
            size: bid.size,
            keyFingerprint: bid.keyFingerprint,
            replacedBidId: previous?.id ?? null,
            bondMethod: method,
            via: "via" in actor ? (actor as { via: string }).via : "domain",
          },
        });
        // No NOTIFY inside: notifying transactions commit one at a time (ADR 0014); pinged after commit.
        await enqueueJob(tx, renderBidReceipt, { receiptId: receipt.id }, { notify: false });
        const { liveUserIds } = await notifyReceipt(tx, receipt, { deferLive: true });
        return { ...receiptView(receipt, bid.status), replacedBidId: previous?.id ?? null, liveUserIds };
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
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

import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { encodeParams } from "~/domain/notify/params";
import { templateExists } from "~/domain/notify/templates";
import { assertValidJobId } from "~/jobs/define-job";
import { assertBidWindow } from "./bid-window";
import { renderBidReceipt } from "./jobs";
import { receiptNumber } from "./receipt-stamp";
import { receiptView, type ReceiptView } from "./receipt-view";

/** The bid as finaliseBid has checked it, ready to be recorded. */
export interface CheckedBid {
  bidId: string;
  lotId: string;
  orgId: string;
  userId: string;
  uploadId: string;
  storageKey: string;
  size: number;
  ciphertextSha256: string;
  plaintextSha256: string;
  keyFingerprint: string;
  deviceId: string;
  bond: {
    method: string;
    amountFen: bigint;
    payerAccount: string | null;
    payerBank: string | null;
    bankReference: string | null;
    guaranteeNo: string | null;
  };
}

const TEMPLATE = "bids:notify.submitted";
if (!templateExists(TEMPLATE)) throw new Error(`record-finalised-bid: unknown template ${TEMPLATE}`);

/**
 * Finalise's transaction in plain SQL on the Prisma client's own pool (ADR 0027): Prisma compiles a query
 * plan for every call, which was most of a finalise's CPU time. Five round trips: BEGIN; the locks and the
 * receipt's number and instant; the writes; the audit entry (appendAudit's one statement); COMMIT. Same
 * rows, same order of locks and same rules as the Prisma version it replaces, which withdrawBid still is:
 *  1. The lot row FOR SHARE (the deadline transition waits for us), THEN the (lot, organisation) advisory
 *     lock, THEN nextval + clock_timestamp(): one statement, the order forced by the CTEs' dependencies.
 *     The window is checked against that instant — the one printed on the receipt.
 *  2. A new statement, so a new snapshot taken after the advisory lock was granted: it sees the bid a
 *     concurrent finalise of the same organisation committed while we waited. It marks the previous active
 *     bid REPLACED before inserting the new one (the insert reads the update's result, so the partial
 *     unique index "one active bid per lot and bidder" never sees two), and writes bond, receipt, the
 *     receipt-PDF outbox row and the bidders' in-app notices (as notify() would: users of the organisation,
 *     role BIDDER, ACTIVE; deduplicated on the receipt).
 *  3. appendAudit: the entry's before/after are the Bid rows as Prisma would return them (same digests).
 * No NOTIFY inside (ADR 0014): the caller pings after commit (`liveUserIds`).
 */
export async function recordFinalisedBid(
  pool: pg.Pool,
  actor: Actor,
  b: CheckedBid,
): Promise<ReceiptView & { replacedBidId: string | null; liveUserIds: string[] }> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A finalise never waits longer than Prisma's transaction timeout did for a lock.
    await client.query("BEGIN; SET LOCAL lock_timeout = '30s'");
    try {
      const result = await inTransaction(client, actor, b);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch((err: Error) => (broken = err));
      throw e;
    }
  } finally {
    client.release(broken);
  }
}

async function inTransaction(client: pg.PoolClient, actor: Actor, b: CheckedBid) {
  const locked = await client.query<{ status: string; bidDeadline: Date; n: string; now: Date }>({
    name: "finalise-lock-stamp-v1",
    text: `
      WITH l AS MATERIALIZED (SELECT id, status::text AS status, "bidDeadline" FROM "Lot" WHERE id = $1::uuid FOR SHARE),
           a AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended($2, 0)) FROM l),
           s AS MATERIALIZED (SELECT nextval('"BidReceiptNumberSeq"')::text AS n, clock_timestamp() AS now FROM a)
      SELECT l.status, l."bidDeadline", s.n, s.now FROM l CROSS JOIN s`,
    values: [b.lotId, `bid:${b.lotId}:${b.orgId}`],
  });
  const row = locked.rows[0];
  if (!row) throw new DomainError("bids:errors.lotNotFound", {}, 404);
  const { now } = row;
  assertBidWindow(row, now);
  const number = receiptNumber(row.n, now);
  const receiptId = randomUUID();
  const job = { receiptId };
  const jobId = renderBidReceipt.jobId(renderBidReceipt.payload.parse(job));
  assertValidJobId(jobId);
  const uploaderIp = actor.ip.slice(0, 64);
  const userAgent = actor.userAgent.slice(0, 400);

  const written = await client.query<PreviousBidRow & { liveUserIds: string[] }>({
    name: "finalise-write-v1",
    text: `
      WITH prev AS MATERIALIZED (
             SELECT * FROM "Bid" WHERE "lotId" = $2::uuid AND "bidderOrgId" = $3::uuid AND status = 'ACTIVE' FOR UPDATE),
           replaced AS (
             UPDATE "Bid" b SET status = 'REPLACED', "replacedAt" = $14, "replacedById" = $1::uuid
               FROM prev WHERE b.id = prev.id RETURNING b.id),
           bid AS (
             INSERT INTO "Bid" (id, "lotId", "bidderOrgId", "submittedById", "uploadId", "storageKey", size,
                                "ciphertextSha256", "plaintextSha256", "keyFingerprint", "uploaderIp", "userAgent",
                                "deviceId", "submittedAt")
             SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::bigint, $8, $9, $10, $11, $12, $13, $14
               FROM (SELECT count(*) FROM replaced) AS after_replaced
             RETURNING id),
           bond AS (
             INSERT INTO "BidBond" (id, "bidId", method, "amountFen", "payerAccount", "payerBank", "bankReference", "guaranteeNo")
             SELECT gen_random_uuid(), bid.id, $15::"BondMethod", $16::bigint, $17, $18, $19, $20 FROM bid),
           receipt AS (
             INSERT INTO "BidReceipt" (id, number, kind, "bidId", "lotId", "bidderOrgId", "issuedAt", "ciphertextSha256",
                                       "plaintextSha256", size, "keyFingerprint")
             SELECT $21::uuid, $22, 'SUBMITTED', bid.id, $2::uuid, $3::uuid, $14, $8, $9, $7::bigint, $10 FROM bid
             RETURNING id),
           job AS (
             INSERT INTO "OutboxJob" (queue, name, "jobId", payload)
             SELECT $23, $24, $25, $26::jsonb FROM receipt),
           notified AS (
             INSERT INTO "Notification" (id, "userId", template, params, "entityType", "entityId", link, "dedupeKey")
             SELECT gen_random_uuid(), u.id, $27, $28::jsonb, 'BidReceipt', receipt.id::text, $29, $30
               FROM receipt, "User" u
              WHERE u."orgId" = $3::uuid AND u.role = 'BIDDER' AND u.status = 'ACTIVE'
             ON CONFLICT ("userId", "dedupeKey") DO NOTHING
             RETURNING "userId")
      SELECT prev.*, ARRAY(SELECT "userId"::text FROM notified) AS "liveUserIds"
        FROM (SELECT 1) AS one LEFT JOIN prev ON true`,
    values: [
      b.bidId, b.lotId, b.orgId, b.userId, b.uploadId, b.storageKey, String(b.size), b.ciphertextSha256, b.plaintextSha256,
      b.keyFingerprint, uploaderIp, userAgent, b.deviceId, now,
      b.bond.method, b.bond.amountFen.toString(), b.bond.payerAccount, b.bond.payerBank, b.bond.bankReference, b.bond.guaranteeNo,
      receiptId, number,
      renderBidReceipt.queue, renderBidReceipt.name, jobId, JSON.stringify(job),
      TEMPLATE, JSON.stringify(encodeParams({ number, at: now, hash: b.ciphertextSha256 })), `/receipts/${receiptId}`, `bid-receipt-${receiptId}`,
    ],
  });
  const out = written.rows[0]!;
  const previous = out.id ? bidFromRow(out) : null;
  const replacedBidId = out.id;

  // The Bid row as Prisma returns it (every scalar, in its types): the audit digests stay what they were.
  const bid = {
    id: b.bidId,
    lotId: b.lotId,
    bidderOrgId: b.orgId,
    submittedById: b.userId,
    status: "ACTIVE",
    uploadId: b.uploadId,
    storageKey: b.storageKey,
    size: BigInt(b.size),
    ciphertextSha256: b.ciphertextSha256,
    plaintextSha256: b.plaintextSha256,
    keyFingerprint: b.keyFingerprint,
    uploaderIp,
    userAgent,
    deviceId: b.deviceId,
    submittedAt: now,
    replacedAt: null,
    replacedById: null,
    withdrawnAt: null,
    selfTestAt: null,
    selfTestResult: null,
  };
  await appendAudit(client, actor, {
    action: previous ? "bid.replaced" : "bid.submitted",
    entityType: "Bid",
    entityId: b.bidId,
    before: previous ?? undefined,
    after: bid,
    detail: {
      lotId: b.lotId,
      receipt: number,
      // Not the plaintext hash: the log is read before the opening, and the hash of a predictable file
      // tells what it is (issue 13). It stays on the bid and the bidder's own receipt.
      ciphertextSha256: b.ciphertextSha256,
      size: bid.size,
      keyFingerprint: b.keyFingerprint,
      replacedBidId,
      bondMethod: b.bond.method,
      via: "via" in actor ? (actor as { via: string }).via : "domain",
    },
  });
  const receipt = {
    id: receiptId,
    number,
    kind: "SUBMITTED" as const,
    bidId: b.bidId,
    lotId: b.lotId,
    bidderOrgId: b.orgId,
    issuedAt: now,
    ciphertextSha256: b.ciphertextSha256,
    plaintextSha256: b.plaintextSha256,
    size: bid.size,
    keyFingerprint: b.keyFingerprint,
    documentId: null,
  };
  return { ...receiptView(receipt, "ACTIVE"), replacedBidId, liveUserIds: out.liveUserIds };
}

/** A "Bid" row as pg returns it (bigint as text). */
interface PreviousBidRow {
  id: string | null;
  size: string;
  [column: string]: unknown;
}

function bidFromRow(r: PreviousBidRow): Record<string, unknown> {
  const { liveUserIds: _, ...row } = r as PreviousBidRow & { liveUserIds?: unknown };
  return { ...row, size: BigInt(r.size) };
}

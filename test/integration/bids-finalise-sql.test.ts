import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { digestOf } from "~/domain/audit/canonical";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { expectRejects } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { bond, sealFor, setupBidding, sha256hex, tusUpload, useTempStorage } from "./bids-fixtures";

/**
 * Finalise's transaction is plain SQL (record-finalised-bid.ts, ADR 0027). What the Prisma version gave
 * for free is pinned here: the audit digests of the Bid rows, concurrent finalises of one organisation
 * (one active bid, unique receipts in time order), and the deadline decided inside the transaction by the
 * instant printed on the receipt — even when the deadline passes while the finalise waits for the lot.
 */
const { db, url } = await useTestDb();
useQueuePrefix();
useTempStorage();
let s: Awaited<ReturnType<typeof setupBidding>>;

beforeAll(async () => {
  s = await setupBidding(db);
});

/** The lot's other instants, moved before a deadline that is now (the table checks their order). */
const EARLIER = `"docsAvailableFrom" = clock_timestamp() - interval '2 days', "docsAvailableTo" = clock_timestamp() - interval '1 day',
  "clarificationCutoff" = clock_timestamp() - interval '1 day', "objectionCutoff" = clock_timestamp() - interval '1 day'`;

async function prepare() {
  const sealed = await sealFor(s.lot.id, s.key.spki);
  const uploadId = await tusUpload(s.token, sealed.envelope);
  return { lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, deviceId: "dev-sql", bond: bond() };
}

describe("finalise in plain SQL", () => {
  it("audits the Bid rows with the digests Prisma's rows give (before = the replaced bid as it was)", async () => {
    const a = await finaliseBid(s.bidder, await prepare());
    const b = await finaliseBid(s.bidder, await prepare());
    expect(b.replacedBidId).toBe(a.bidId);
    const first = await db.auditEntry.findFirstOrThrow({ where: { entityId: a.bidId, action: { in: ["bid.submitted", "bid.replaced"] } } });
    expect(first.afterDigest).toBe(digestOf(await db.bid.findUniqueOrThrow({ where: { id: a.bidId } }).then((x) => ({ ...x, status: "ACTIVE", replacedAt: null, replacedById: null }))));
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: b.bidId, action: "bid.replaced" } });
    const newBid = await db.bid.findUniqueOrThrow({ where: { id: b.bidId } });
    const old = await db.bid.findUniqueOrThrow({ where: { id: a.bidId } });
    expect(old).toMatchObject({ status: "REPLACED", replacedById: b.bidId });
    expect(old.replacedAt?.toISOString()).toBe(b.issuedAt);
    expect(entry.afterDigest).toBe(digestOf(newBid));
    expect(entry.beforeDigest).toBe(digestOf({ ...old, status: "ACTIVE", replacedAt: null, replacedById: null }));
    expect(entry.detail).toMatchObject({ lotId: s.lot.id, receipt: b.receiptNumber, replacedBidId: a.bidId, bondMethod: "ACCOUNT_TRANSFER" });
    const receipt = await db.bidReceipt.findUniqueOrThrow({ where: { id: b.receiptId } });
    expect(receipt).toMatchObject({ number: b.receiptNumber, bidId: b.bidId, kind: "SUBMITTED", size: newBid.size, documentId: null });
    expect(receipt.issuedAt.toISOString()).toBe(b.issuedAt);
    expect(newBid.submittedAt.toISOString()).toBe(b.issuedAt);
    expect(await db.bidBond.findUniqueOrThrow({ where: { bidId: b.bidId } })).toMatchObject({ amountFen: 100000n, payerAccount: "6222021001012345678" });
    expect(await db.outboxJob.count({ where: { jobId: `bid-receipt-pdf-${b.receiptId}` } })).toBe(1);
    const notice = await db.notification.findFirstOrThrow({ where: { userId: s.bidder.userId!, dedupeKey: `bid-receipt-${b.receiptId}` } });
    expect(notice).toMatchObject({ template: "bids:notify.submitted", entityType: "BidReceipt", entityId: b.receiptId, link: `/receipts/${b.receiptId}` });
    expect(notice.params).toEqual({ number: b.receiptNumber, at: { $instant: b.issuedAt }, hash: b.ciphertextSha256 });
  });

  it("concurrent finalises of one organisation: all answered, one active bid, receipts unique and in time order", async () => {
    const inputs = await Promise.all(Array.from({ length: 6 }, () => prepare()));
    const receipts = await Promise.all(inputs.map((i) => finaliseBid(s.bidder, i)));
    const active = await db.bid.findMany({ where: { lotId: s.lot.id, bidderOrgId: s.bidder.orgId!, status: "ACTIVE" } });
    expect(active).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.receiptNumber)).size).toBe(receipts.length);
    const byTime = [...receipts].sort((x, y) => x.issuedAt.localeCompare(y.issuedAt) || x.receiptNumber.localeCompare(y.receiptNumber));
    const seq = (r: { receiptNumber: string }) => Number(r.receiptNumber.split("-").pop());
    for (let i = 1; i < byTime.length; i++) expect(seq(byTime[i]!)).toBeGreaterThan(seq(byTime[i - 1]!));
    // The last one (in receipt order) is the active one; each other was replaced by its successor.
    expect(active[0]!.id).toBe(byTime.at(-1)!.bidId);
    for (let i = 1; i < byTime.length; i++) expect(byTime[i]!.replacedBidId).toBe(byTime[i - 1]!.bidId);
  });

  it("refuses a finalise whose instant, taken after waiting for the lot, is at or after a deadline that passed meanwhile", async () => {
    const input = await prepare();
    const before = await db.bid.count();
    // Hold the lot as the deadline transition would; the finalise passes its early check and waits.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "Lot" WHERE id = $1::uuid FOR UPDATE`, [s.lot.id]);
      const pending = finaliseBid(s.bidder, input).then(
        () => null,
        (e: unknown) => e,
      );
      for (let i = 0; i < 100; i++) {
        const { rows } = await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // The deadline: this very instant (1 ms later than the last one the finalise could have been accepted at).
      await holder.query(`UPDATE "Lot" SET "bidDeadline" = date_trunc('milliseconds', clock_timestamp()), ${EARLIER} WHERE id = $1::uuid`, [s.lot.id]);
      await holder.query("COMMIT");
      expect(await pending).toMatchObject({ code: "bids:errors.deadlinePassed", status: 409 });
      expect(await db.bid.count()).toBe(before);
    } finally {
      await holder.query("ROLLBACK").catch(() => {});
      await holder.end();
    }
  });

  it("refuses at once a finalise one millisecond after the deadline", async () => {
    const input = await prepare();
    await db.$executeRawUnsafe(`UPDATE "Lot" SET "bidDeadline" = date_trunc('milliseconds', clock_timestamp()) - interval '1 millisecond', ${EARLIER} WHERE id = $1::uuid`, s.lot.id);
    expect(await expectRejects(finaliseBid(s.bidder, input))).toMatchObject({ code: "bids:errors.deadlinePassed" });
  });
});

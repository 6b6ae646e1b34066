import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { getOwnBid } from "~/domain/bids/get-own-bid";
import { generateBidReceiptDocument } from "~/domain/bids/generate-bid-receipt-document";
import { handleUpload } from "~/web/bids/upload-route.server";
import { withdrawBid } from "~/domain/bids/withdraw-bid";
import { systemActor } from "~/domain/actor";
import { expectRejects } from "../support/accounts-fixtures";
import { bond, sealFor, sha256hex, tusUpload, useBidding } from "./bids-fixtures";

const { db, storageDir, s } = await useBidding();

async function submit(opts: { tamper?: (b: Uint8Array) => Uint8Array; declared?: string; who?: "bidder" | "other"; lotId?: string } = {}) {
  const who = opts.who === "other" ? s.otherBidder : s.bidder;
  const spki = opts.who === "other" ? s.otherKey.spki : s.key.spki;
  const sealed = await sealFor(opts.lotId ?? s.lot.id, spki);
  const bytes = opts.tamper ? opts.tamper(sealed.envelope) : sealed.envelope;
  const uploadId = await tusUpload(opts.who === "other" ? s.otherToken : s.token, bytes);
  const input = {
    lotId: s.lot.id,
    uploadId,
    ciphertextSha256: opts.declared ?? sha256hex(bytes),
    plaintextSha256: sealed.plaintextSha256,
    deviceId: "dev-1",
    bond: bond(),
  };
  return { input, sealed, bytes, run: () => finaliseBid(who, input) };
}

const bidFiles = () => {
  const dir = path.join(storageDir, "bids", s.lot.id);
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith(".")) : [];
};

describe("finaliseBid", () => {
  it("turns an upload into a bid with its receipt, bond, audit entry and PDF job, in one go", async () => {
    const sub = await submit();
    const r = await sub.run();
    expect(r.receiptNumber).toMatch(/^HZ-\d{8}-\d{4}$/);
    expect(r.ciphertextSha256).toBe(sha256hex(sub.bytes));
    expect(r.plaintextSha256).toBe(sub.sealed.plaintextSha256);
    expect(r.issuedAt).toMatch(/\.\d{3}Z$/);
    const bid = await db.bid.findUniqueOrThrow({ where: { id: r.bidId }, include: { bond: true, receipts: true } });
    expect(bid.status).toBe("ACTIVE");
    expect(bid.keyFingerprint).toBe(s.key.fingerprint);
    expect(bid.deviceId).toBe("dev-1");
    expect(bid.bond?.payerAccount).toBe("62220210010123456 78".replace(/\s/g, ""));
    expect(bid.receipts).toHaveLength(1);
    const stored = readFileSync(path.join(storageDir, bid.storageKey));
    expect(sha256hex(stored)).toBe(bid.ciphertextSha256);
    expect(existsSync(path.join(storageDir, "uploads", sub.input.uploadId))).toBe(false); // temp upload cleaned
    expect(await db.outboxJob.count({ where: { name: "renderBidReceipt" } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "bid.submitted", entityId: r.bidId } })).toBe(1);
    expect(await db.notification.count({ where: { userId: s.bidder.userId!, template: "bids:notify.submitted" } })).toBe(1);

    // The receipt PDF (what the worker runs), readable by the bidder's organisation.
    const doc = await generateBidReceiptDocument(systemActor("vitest"), { receiptId: r.receiptId });
    const d = await db.document.findUniqueOrThrow({ where: { id: doc.documentId } });
    expect(d.ownerOrgId).toBe(s.bidder.orgId);
    expect(d.number).toBe(r.receiptNumber);
    expect((await generateBidReceiptDocument(systemActor("vitest"), { receiptId: r.receiptId })).created).toBe(false);
  });

  it("refuses a replayed finalise of the same upload", async () => {
    const sub = await submit();
    await sub.run();
    const e = await expectRejects(sub.run());
    expect(e).toMatchObject({ code: "bids:errors.alreadyFinalised", status: 409 });
  });

  it("a new submission replaces the active bid: only the latest counts", async () => {
    const a = await (await submit()).run();
    const b = await (await submit()).run();
    expect(b.replacedBidId).toBe(a.bidId);
    const active = await db.bid.findMany({ where: { lotId: s.lot.id, bidderOrgId: s.bidder.orgId!, status: "ACTIVE" } });
    expect(active.map((x) => x.id)).toEqual([b.bidId]);
    expect((await db.bid.findUniqueOrThrow({ where: { id: a.bidId } })).status).toBe("REPLACED");
  });

  it("refuses a hash mismatch and stores nothing", async () => {
    const before = { bids: await db.bid.count(), receipts: await db.bidReceipt.count(), files: bidFiles().length };
    const sub = await submit({ declared: "0".repeat(64) });
    const e = await expectRejects(sub.run());
    expect(e).toMatchObject({ code: "bids:errors.ciphertextHashMismatch", status: 422 });
    expect({ bids: await db.bid.count(), receipts: await db.bidReceipt.count(), files: bidFiles().length }).toEqual(before);
    expect(existsSync(path.join(storageDir, "uploads", sub.input.uploadId))).toBe(false);
  });

  it("refuses a truncated envelope (its own hash declared) by its framing", async () => {
    const sub = await submit({ tamper: (b) => b.slice(0, b.length - 20) });
    expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.truncated" });
  });

  it("refuses an envelope with bytes appended after the trailer", async () => {
    const sub = await submit({ tamper: (b) => new Uint8Array([...b, 1, 2, 3]) });
    expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.tampered" });
  });

  it("refuses an unknown envelope version", async () => {
    const sub = await submit({ tamper: (b) => { const c = b.slice(); c[7] = "2".charCodeAt(0); return c; } });
    expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.unsupportedVersion" });
  });

  it("refuses an envelope sealed for another lot", async () => {
    const sub = await submit({ lotId: "00000000-0000-4000-8000-000000000000" });
    expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.envelopeWrongLot" });
  });

  it("refuses a bond below the lot's bond amount", async () => {
    const sub = await submit();
    const e = await expectRejects(finaliseBid(s.bidder, { ...sub.input, bond: bond("99999") }));
    expect(e).toMatchObject({ code: "bids:errors.bondTooLow", field: "bond.amountFen" });
  });

  it("refuses a bidder whose organisation is not registered for the lot", async () => {
    const sub = await submit();
    await db.lotRegistration.delete({ where: { lotId_bidderOrgId: { lotId: s.lot.id, bidderOrgId: s.bidder.orgId! } } });
    try {
      expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.notRegistered", status: 403 });
    } finally {
      await db.lotRegistration.create({ data: { lotId: s.lot.id, bidderOrgId: s.bidder.orgId!, userId: s.bidder.userId! } });
    }
  });

  it("refuses another user's upload id as if it did not exist", async () => {
    const sub = await submit();
    const e = await expectRejects(finaliseBid(s.otherBidder, sub.input));
    expect(e).toMatchObject({ code: "bids:errors.uploadNotFound", status: 404 });
  });

  it("refuses a lot that is not open for bids", async () => {
    const sub = await submit();
    await db.lot.update({ where: { id: s.lot.id }, data: { status: "DRAFT" } });
    try {
      expect(await expectRejects(sub.run())).toMatchObject({ code: "bids:errors.lotNotOpen", status: 409 });
    } finally {
      await db.lot.update({ where: { id: s.lot.id }, data: { status: "PUBLISHED" } });
    }
  });
});

describe("uploads (tus)", () => {
  it("refuses an oversized upload with a localized 413 before storing a byte", async () => {
    process.env.BID_UPLOAD_MAX_BYTES = "4096";
    try {
      const res = await handleUpload(
        new Request("http://localhost/api/v1/uploads", {
          method: "POST",
          headers: { Authorization: `Bearer ${s.token}`, "Tus-Resumable": "1.0.0", "Upload-Length": "5000", "Accept-Language": "en" },
        }),
        null,
      );
      expect(res.status).toBe(413);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bids:errors.uploadTooLarge");
      expect(body.error.message).toMatch(/File too large|文件过大/);
    } finally {
      delete process.env.BID_UPLOAD_MAX_BYTES;
    }
  });

  it("answers 401 without a valid token and 404 for another user's upload", async () => {
    const bad = await handleUpload(
      new Request("http://localhost/api/v1/uploads", { method: "POST", headers: { Authorization: "Bearer ggzy_pat_nope", "Tus-Resumable": "1.0.0", "Upload-Length": "10" } }),
      null,
    );
    expect(bad.status).toBe(401);
    const id = await tusUpload(s.token, new Uint8Array([1, 2, 3, 4]));
    const other = await handleUpload(
      new Request(`http://localhost/api/v1/uploads/${id}`, { method: "HEAD", headers: { Authorization: `Bearer ${s.otherToken}`, "Tus-Resumable": "1.0.0" } }),
      id,
    );
    expect(other.status).toBe(404);
  });
});

describe("withdrawBid and the deadline", () => {
  it("withdraws with a receipt; another company's bid id is 404; a withdrawn bid cannot be withdrawn again", async () => {
    const r = await (await submit()).run();
    expect(await expectRejects(withdrawBid(s.otherBidder, { bidId: r.bidId }))).toMatchObject({ status: 404 });
    expect(await expectRejects(getOwnBid(s.otherBidder, { bidId: r.bidId }))).toMatchObject({ status: 404 });
    const w = await withdrawBid(s.bidder, { bidId: r.bidId });
    expect(w.kind).toBe("WITHDRAWN");
    expect(w.receiptNumber).not.toBe(r.receiptNumber);
    expect((await db.bid.findUniqueOrThrow({ where: { id: r.bidId } })).status).toBe("WITHDRAWN");
    expect(await db.auditEntry.count({ where: { action: "bid.withdrawn", entityId: r.bidId } })).toBe(1);
    expect(await expectRejects(withdrawBid(s.bidder, { bidId: r.bidId }))).toMatchObject({ code: "bids:errors.bidNotActive" });
  });

  it("refuses finalising and withdrawing at and after the deadline, whatever the lot status says", async () => {
    const active = await (await submit()).run();
    const late = await submit();
    // The status is still PUBLISHED (no job ran): the request path compares the database clock itself.
    await db.$executeRaw`
      UPDATE "Lot" SET "bidDeadline" = clock_timestamp() - interval '1 second',
        "docsAvailableFrom" = clock_timestamp() - interval '2 days', "docsAvailableTo" = clock_timestamp() - interval '1 day',
        "clarificationCutoff" = clock_timestamp() - interval '1 day', "objectionCutoff" = clock_timestamp() - interval '1 day'
      WHERE id = ${s.lot.id}::uuid`;
    expect(await expectRejects(late.run())).toMatchObject({ code: "bids:errors.deadlinePassed", status: 409 });
    expect(await expectRejects(withdrawBid(s.bidder, { bidId: active.bidId }))).toMatchObject({ code: "bids:errors.deadlinePassed" });
    expect((await db.bid.findUniqueOrThrow({ where: { id: active.bidId } })).status).toBe("ACTIVE");
  });
});

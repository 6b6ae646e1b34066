import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { sweepOrphanBidFiles } from "~/domain/bids/sweep-orphan-bid-files";
import { uploadFilePath } from "~/domain/bids/upload-server.server";
import { getStorage } from "~/lib/storage.server";
import { expectRejects } from "../support/accounts-fixtures";
import { bond, sealFor, sha256hex, tusUpload, useBidding } from "./bids-fixtures";

// Issue 14, no orphans: bid files a crashed finalise left without a bid row are swept (after a grace period,
// audited, never a file a bid row names); uploads refused for good are deleted at once.

const { db, storageDir, s } = await useBidding();

async function upload(opts: { lotId?: string } = {}) {
  const sealed = await sealFor(opts.lotId ?? s.lot.id, s.key.spki);
  const uploadId = await tusUpload(s.token, sealed.envelope);
  const input = { lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, bond: bond() };
  return { uploadId, input };
}

describe("orphan bid files", () => {
  it("are removed after the grace period, audited with their hash; files named by a bid row never are", async () => {
    const bid = await finaliseBid(s.bidder, (await upload()).input);
    const named = (await db.bid.findUniqueOrThrow({ where: { id: bid.bidId } })).storageKey;
    // What a web process killed between linking the envelope and committing its bid leaves behind …
    const orphanBidId = randomUUID();
    const orphanKey = `bids/${s.lot.id}/${orphanBidId}.sealed`;
    const orphanBytes = randomBytes(2048);
    await getStorage().put(orphanKey, orphanBytes);
    // … and what a copy interrupted half-way leaves.
    const tempKey = `bids/${s.lot.id}/.tmp-${randomBytes(8).toString("hex")}`;
    writeFileSync(path.join(storageDir, tempKey), randomBytes(100));
    // Something the sweep does not know is left alone.
    mkdirSync(path.join(storageDir, "bids", "misc"), { recursive: true });
    writeFileSync(path.join(storageDir, "bids", "misc", "README"), "x");

    const actor = systemActor("worker:sweep");
    // Within the grace period nothing goes.
    expect(await sweepOrphanBidFiles(actor)).toMatchObject({ removed: 0, unknown: 1 });
    expect(existsSync(path.join(storageDir, orphanKey))).toBe(true);

    // Two hours later: both leftovers go, the bid's file stays.
    const later = new Date(Date.now() + 2 * 3600_000);
    const r = await sweepOrphanBidFiles(actor, { now: later });
    expect(r).toMatchObject({ removed: 2, unknown: 1 });
    expect(existsSync(path.join(storageDir, orphanKey))).toBe(false);
    expect(existsSync(path.join(storageDir, tempKey))).toBe(false);
    expect(existsSync(path.join(storageDir, named))).toBe(true);
    expect(existsSync(path.join(storageDir, "bids", "misc", "README"))).toBe(true);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "bid.orphan_file_removed", entityId: orphanBidId } });
    expect(audit.detail).toMatchObject({ key: orphanKey, size: 2048, sha256: sha256hex(orphanBytes), partial: false });
    expect(await db.auditEntry.count({ where: { action: "bid.orphan_file_removed" } })).toBe(2);
    // Idempotent: a second sweep finds nothing more.
    expect(await sweepOrphanBidFiles(actor, { now: later })).toMatchObject({ removed: 0 });
  });

  it("only the system may sweep", async () => {
    expect(await expectRejects(sweepOrphanBidFiles(s.bidder))).toMatchObject({ status: 403 });
  });
});

describe("refused uploads", () => {
  it("an envelope sealed for another lot is refused and its upload deleted at once", async () => {
    const u = await upload({ lotId: "00000000-0000-4000-8000-000000000000" });
    expect(existsSync(uploadFilePath(u.uploadId))).toBe(true);
    expect(await expectRejects(finaliseBid(s.bidder, u.input))).toMatchObject({ code: "bids:errors.envelopeWrongLot" });
    expect(existsSync(uploadFilePath(u.uploadId))).toBe(false);
    expect(existsSync(`${uploadFilePath(u.uploadId)}.json`)).toBe(false);
  });

  it("a bond the bidder can correct keeps the upload, and the corrected finalise succeeds", async () => {
    const u = await upload();
    expect(await expectRejects(finaliseBid(s.bidder, { ...u.input, bond: bond("99999") }))).toMatchObject({ code: "bids:errors.bondTooLow" });
    expect(existsSync(uploadFilePath(u.uploadId))).toBe(true);
    await finaliseBid(s.bidder, u.input);
  });

  it("someone else's upload id is never deleted", async () => {
    const u = await upload();
    expect(await expectRejects(finaliseBid(s.otherBidder, { ...u.input, lotId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({
      code: "bids:errors.uploadNotFound",
    });
    expect(existsSync(uploadFilePath(u.uploadId))).toBe(true);
  });
});

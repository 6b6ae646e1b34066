import { describe, expect, it } from "vitest";
import { createApiToken, resolveApiToken, revokeApiToken } from "~/domain/bids/api-tokens";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { listBidderKeys } from "~/domain/bids/list-bidder-keys";
import { recordSelfTest } from "~/domain/bids/record-self-test";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { exportSpki, generateBidderKeyPair, toBase64 } from "~/domain/crypto";
import { expectRejects } from "../support/accounts-fixtures";
import { bond, newKey, sealFor, sha256hex, tusUpload, useBidding } from "./bids-fixtures";

const { db, s } = await useBidding();

describe("bidder keys", () => {
  it("refuses a public key whose fingerprint does not match, and a staff member", async () => {
    const kp = await generateBidderKeyPair();
    const spki = toBase64(await exportSpki(kp.publicKey));
    expect(await expectRejects(registerBidderKey(s.bidder, { publicKeySpki: spki, fingerprint: "a".repeat(64) }))).toMatchObject({
      code: "bids:errors.fingerprintMismatch",
    });
    expect(await expectRejects(registerBidderKey(s.author, { publicKeySpki: spki, fingerprint: "a".repeat(64) }))).toMatchObject({ status: 403 });
  });

  it("warns before replacing a key open bids depend on; after confirming, both keys keep their bids", async () => {
    const sealed = await sealFor(s.lot.id, s.key.spki);
    const uploadId = await tusUpload(s.token, sealed.envelope);
    const r = await finaliseBid(s.bidder, { lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, bond: bond() });

    const keysBefore = await listBidderKeys(s.bidder);
    expect(keysBefore[0]!.openBids.map((b) => b.bidId)).toEqual([r.bidId]);
    const e = await expectRejects(newKey(s.bidder));
    expect(e).toMatchObject({ code: "bids:errors.keyHasOpenBids", status: 409 });

    const next = await newKey(s.bidder, { confirmReplace: true });
    const keys = await listBidderKeys(s.bidder);
    expect(keys.map((k) => [k.fingerprint, k.current])).toEqual([[next.fingerprint, true], [s.key.fingerprint, false]]);
    expect(keys[1]!.openBids.map((b) => b.bidId)).toEqual([r.bidId]);
    expect((await db.bid.findUniqueOrThrow({ where: { id: r.bidId } })).keyFingerprint).toBe(s.key.fingerprint);
  });

  it("records the decryption self-test (owner only) in the audit log", async () => {
    const bid = await db.bid.findFirstOrThrow({ where: { bidderOrgId: s.bidder.orgId! } });
    await recordSelfTest(s.bidder, { bidId: bid.id, result: { ok: false, code: "bids:errors.wrongPassphrase" } });
    expect((await db.bid.findUniqueOrThrow({ where: { id: bid.id } })).selfTestResult).toBe("bids:errors.wrongPassphrase");
    expect(await db.auditEntry.count({ where: { action: "bid.selftest", entityId: bid.id } })).toBe(1);
    expect(await expectRejects(recordSelfTest(s.otherBidder, { bidId: bid.id, result: { ok: true } }))).toMatchObject({ status: 404 });
  });
});

describe("personal API tokens", () => {
  it("stores only the hash, resolves until revoked", async () => {
    const t = await createApiToken(s.bidder, { name: "工具", days: 7 });
    expect(await db.apiToken.count({ where: { tokenHash: { contains: t.token } } })).toBe(0);
    expect((await resolveApiToken(t.token))?.user.id).toBe(s.bidder.userId);
    await revokeApiToken(s.bidder, { id: t.id });
    expect(await resolveApiToken(t.token)).toBeNull();
    expect(await expectRejects(revokeApiToken(s.otherBidder, { id: t.id }))).toMatchObject({ status: 404 });
  });
});

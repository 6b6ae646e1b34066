import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { generateBidReceiptDocument } from "~/domain/bids/generate-bid-receipt-document";
import { exportKeyFile, importKeyFile, readEnvelopeHeader, toBase64, toHex, unwrapContentKey } from "~/domain/crypto";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { bond, MARKER, sealFor, setupBidding, sha256hex, tusUpload, useTempStorage } from "./bids-fixtures";

/**
 * SPEC §4.3 / issue 4 item 5: before the opening, the database and the storage hold only ciphertext,
 * hashes and public keys. Several bids are submitted through the real path; then the whole database is
 * dumped with pg_dump and every file under STORAGE_DIR is read, and neither the bids' plaintext (a marker
 * string, the prices), nor the private keys, nor the content keys, nor the passphrase appear anywhere.
 */
const { db, url } = await useTestDb();
useQueuePrefix();
const storageDir = useTempStorage();
const PASSPHRASE = "correct horse battery staple 投标";
const secrets: Array<{ what: string; needle: Buffer }> = [];
const add = (what: string, s: string | Uint8Array) => secrets.push({ what, needle: typeof s === "string" ? Buffer.from(s, "utf8") : Buffer.from(s) });

beforeAll(async () => {
  const s = await setupBidding(db);
  const parties = [
    { actor: s.bidder, token: s.token, key: s.key, price: 98_765_432_10n },
    { actor: s.otherBidder, token: s.otherToken, key: s.otherKey, price: 87_654_321_09n },
  ];
  for (const [i, p] of parties.entries()) {
    const text = `${MARKER}-${i} 投标人机密技术方案`;
    const sealed = await sealFor(s.lot.id, p.key.spki, { priceFen: p.price, text });
    const uploadId = await tusUpload(p.token, sealed.envelope);
    const r = await finaliseBid(p.actor, {
      lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, bond: bond(),
    });
    await generateBidReceiptDocument(systemActor("vitest"), { receiptId: r.receiptId });
    add(`marker ${i}`, text);
    add(`price ${i}`, p.price.toString());
    // The private key as the key file would hold it once decrypted (PKCS#8), and its JWK scalar.
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", p.key.keyPair.privateKey));
    const jwk = await crypto.subtle.exportKey("jwk", p.key.keyPair.privateKey);
    add(`pkcs8 ${i}`, pkcs8);
    add(`pkcs8 b64 ${i}`, toBase64(pkcs8));
    add(`jwk.d ${i}`, jwk.d!);
    // The envelope's content key (what is released at the opening), raw, hex and base64.
    const keyFile = await exportKeyFile(p.key.keyPair, PASSPHRASE);
    const unlocked = await importKeyFile(JSON.stringify(keyFile), PASSPHRASE);
    const ck = await unwrapContentKey(readEnvelopeHeader(sealed.envelope).header, unlocked);
    add(`content key ${i}`, ck);
    add(`content key hex ${i}`, toHex(ck));
    add(`content key b64 ${i}`, toBase64(ck));
  }
  add("passphrase", PASSPHRASE);
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("nobody reads early", () => {
  it("the database dump holds no plaintext, private key or content key", () => {
    const dump = execFileSync("pg_dump", ["--data-only", "--no-owner", url], { maxBuffer: 512 * 1024 * 1024 });
    expect(dump.length).toBeGreaterThan(10_000);
    expect(dump.includes(Buffer.from("ACTIVE"))).toBe(true); // the bids are in it
    const found = secrets.filter((s) => dump.includes(s.needle)).map((s) => s.what);
    expect(found).toEqual([]);
  });

  it("the storage holds only ciphertext (and receipt PDFs): no plaintext, private key or content key", () => {
    const files = walk(storageDir);
    expect(files.some((f) => f.endsWith(".sealed"))).toBe(true);
    expect(files.some((f) => f.endsWith(".pdf"))).toBe(true);
    const found = files.flatMap((f) => {
      const bytes = readFileSync(f);
      return secrets.filter((s) => bytes.includes(s.needle)).map((s) => `${s.what} in ${path.relative(storageDir, f)}`);
    });
    expect(found).toEqual([]);
  });

  it("the search works: what the platform may hold (hashes, public keys) is found in the same dump", async () => {
    const dump = execFileSync("pg_dump", ["--data-only", "--no-owner", url], { maxBuffer: 512 * 1024 * 1024 });
    const bids = await db.bid.findMany({ include: { key: true } });
    expect(bids.length).toBe(2);
    for (const b of bids) {
      expect(dump.includes(Buffer.from(b.ciphertextSha256))).toBe(true);
      expect(dump.includes(Buffer.from(b.key.publicKeySpki))).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  InvalidKeyFileError,
  MIN_PBKDF2_ITERATIONS,
  WeakKeyFileError,
  WrongPassphraseError,
  exportKeyFile,
  exportPublicKeyFile,
  exportSpki,
  formatFingerprint,
  importKeyFile,
  importPublicKeySpki,
  importRecipientPublicKey,
  publicKeyFingerprint,
  fromBase64,
  InvalidBidInputError,
} from "~/domain/crypto";
import { VECTOR_PASSPHRASE, newBidder, readVectorJson, vectorRandomness, vectorRecipientPrivateKey } from "./crypto-helpers";

const PASS = "投标口令 correct horse";

describe("bidder key files", () => {
  it("round-trips a key pair through a passphrase-protected key file", async () => {
    const { keyPair, spki } = await newBidder();
    const file = await exportKeyFile(keyPair, PASS);
    expect(file).toMatchObject({
      format: "ggzy-bidkey",
      version: 1,
      kdf: { name: "PBKDF2", hash: "SHA-256", iterations: 600_000 },
      cipher: { name: "AES-GCM" },
    });
    expect(file.fingerprint).toBe(await publicKeyFingerprint(spki));
    // The private key is not in the file in any readable form.
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keyPair.privateKey));
    expect(JSON.stringify(file)).not.toContain(Buffer.from(pkcs8).toString("base64").slice(40, 80));

    const key = await importKeyFile(JSON.stringify(file), PASS);
    expect(key.fingerprint).toBe(file.fingerprint);
    expect(key.privateKey.extractable).toBe(false);
    // The imported private key agrees with the original public key (ECDH both ways).
    const other = await newBidder();
    const a = await crypto.subtle.deriveBits({ name: "ECDH", public: other.keyPair.publicKey }, key.privateKey, 256);
    const b = await crypto.subtle.deriveBits({ name: "ECDH", public: keyPair.publicKey }, other.keyPair.privateKey, 256);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  }, 20_000);

  it("refuses a wrong passphrase with WrongPassphraseError (code bids:errors.wrongPassphrase)", async () => {
    const file = readVectorJson("bidder.key.json");
    const err = await importKeyFile(file, "ggzy test vector passphrasE").catch((e) => e);
    expect(err).toBeInstanceOf(WrongPassphraseError);
    expect(err.code).toBe("bids:errors.wrongPassphrase");
  }, 20_000);

  it("refuses key files below 600 000 PBKDF2 iterations, before deriving anything", async () => {
    const file = readVectorJson("bidder.key.json");
    const weak = { ...file, kdf: { ...file.kdf, iterations: 100_000 } };
    const t = performance.now();
    const err = await importKeyFile(weak, VECTOR_PASSPHRASE).catch((e) => e);
    expect(err).toBeInstanceOf(WeakKeyFileError);
    expect(err.params).toEqual({ iterations: 100_000, minimum: MIN_PBKDF2_ITERATIONS });
    expect(performance.now() - t).toBeLessThan(100);
    // And cannot be produced either.
    const { keyPair } = await newBidder();
    await expect(exportKeyFile(keyPair, PASS, { iterations: 1000 })).rejects.toBeInstanceOf(WeakKeyFileError);
    await expect(exportKeyFile(keyPair, "short")).rejects.toBeInstanceOf(InvalidBidInputError);
  });

  it("refuses malformed and altered key files", async () => {
    const file = readVectorJson("bidder.key.json");
    for (const bad of [
      "not json",
      { ...file, format: "other" },
      { ...file, version: 2 },
      { ...file, kdf: { ...file.kdf, name: "scrypt" } },
      { ...file, kdf: { ...file.kdf, iterations: 1e9 } },
      { ...file, cipher: { ...file.cipher, iv: "AAAA" } },
      { ...file, fingerprint: "00".repeat(32) },
    ]) {
      await expect(importKeyFile(bad, VECTOR_PASSPHRASE)).rejects.toBeInstanceOf(InvalidKeyFileError);
    }
    // Swapping in another public key (with its own correct fingerprint) breaks the AAD binding.
    const other = await exportPublicKeyFile((await newBidder()).spki);
    const swapped = { ...file, publicKey: other.publicKey, fingerprint: other.fingerprint };
    await expect(importKeyFile(swapped, VECTOR_PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError);
  }, 20_000);

  it("key file test vector: opens with its passphrase and re-exports to the same bytes", async () => {
    const file = readVectorJson("bidder.key.json");
    const recipient = readVectorJson("recipient.json");
    const key = await importKeyFile(file, VECTOR_PASSPHRASE);
    expect(key.fingerprint).toBe(recipient.fingerprint);
    const privateKey = await vectorRecipientPrivateKey();
    const publicKey = await importPublicKeySpki(fromBase64(recipient.spki));
    const again = await exportKeyFile({ privateKey, publicKey }, VECTOR_PASSPHRASE, { randomness: vectorRandomness() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(file));
  }, 20_000);

  it("fingerprint: SHA-256 of the SPKI, stable, and shown in groups of four", async () => {
    const recipient = readVectorJson("recipient.json");
    const spki = fromBase64(recipient.spki);
    const fp = await publicKeyFingerprint(spki);
    expect(fp).toBe(recipient.fingerprint);
    expect(fp).toBe("0cc7589b2dca985c68193880212bb0d995cc88efb00d4abcd83bb9bf9ffd9505");
    expect(await publicKeyFingerprint(await importPublicKeySpki(spki))).toBe(fp);
    expect(await publicKeyFingerprint(await exportSpki(await importPublicKeySpki(spki)))).toBe(fp);
    expect(formatFingerprint(fp)).toBe(
      "0CC7 589B 2DCA 985C 6819 3880 212B B0D9 95CC 88EF B00D 4ABC D83B B9BF 9FFD 9505",
    );
  });

  it("reads a recipient public key from a public key file, a key file or bare SPKI", async () => {
    const file = readVectorJson("bidder.key.json");
    const fromKeyFile = await importRecipientPublicKey(JSON.stringify(file));
    const pub = await exportPublicKeyFile(fromKeyFile.publicKeySpki);
    expect((await importRecipientPublicKey(pub)).fingerprint).toBe(file.fingerprint);
    expect((await importRecipientPublicKey(file.publicKey)).fingerprint).toBe(file.fingerprint);
    await expect(importRecipientPublicKey({ ...pub, fingerprint: "ab".repeat(32) })).rejects.toBeInstanceOf(
      InvalidKeyFileError,
    );
  });
});

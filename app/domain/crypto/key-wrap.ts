import type { BidderKey } from "./bidder-key";
import { bytesEqual, fromBase64, subtle, type Bytes } from "./bytes";
import { WrongKeyError } from "./errors";
import { hkdfInfo, keyCommitmentInput, type EnvelopeHeader } from "./envelope-format";
import { sha256Bytes } from "./hash";
import { ECDH_P256, type Randomness } from "./randomness";

/**
 * Content-key wrapping (ADR 0008): ECDH-ES on P-256 with a fresh ephemeral key per envelope, HKDF-SHA-256
 * (salt random 32 bytes, info "ggzy-bid-v1|" + lotId) → a 256-bit AES-KW key (RFC 3394) that wraps the
 * random 256-bit content key. The same shape as JWE "ECDH-ES+A256KW", with HKDF instead of Concat KDF
 * because HKDF is what Web Crypto offers.
 */

async function kekFrom(
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  salt: Bytes,
  lotId: string,
  usage: "wrapKey" | "unwrapKey",
): Promise<CryptoKey> {
  const shared = await subtle().deriveBits({ name: "ECDH", public: publicKey }, privateKey, 256);
  const ikm = await subtle().importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt, info: hkdfInfo(lotId) },
    ikm,
    { name: "AES-KW", length: 256 },
    false,
    [usage],
  );
}

export async function keyCommitment(contentKey: Uint8Array): Promise<Bytes> {
  return sha256Bytes(keyCommitmentInput(contentKey));
}

export interface WrappedContentKey {
  ephemeralPublicKey: Bytes;
  hkdfSalt: Bytes;
  wrappedKey: Bytes;
}

export async function wrapContentKey(
  contentKey: Bytes,
  recipientPublicKey: CryptoKey,
  lotId: string,
  hkdfSalt: Bytes,
  randomness: Randomness,
): Promise<WrappedContentKey> {
  const eph = await randomness.ephemeralKeyPair();
  const kek = await kekFrom(eph.privateKey, recipientPublicKey, hkdfSalt, lotId, "wrapKey");
  const ck = await subtle().importKey("raw", contentKey, { name: "AES-GCM" }, true, ["encrypt"]);
  return {
    ephemeralPublicKey: new Uint8Array(await subtle().exportKey("raw", eph.publicKey)),
    hkdfSalt,
    wrappedKey: new Uint8Array(await subtle().wrapKey("raw", ck, kek, "AES-KW")),
  };
}

const isBidderKey = (k: CryptoKey | BidderKey): k is BidderKey => "privateKey" in k;

/**
 * Recovers the raw 32-byte content key with the bidder's private key. This is what the bidder
 * releases at the opening (never its private key): the content key opens this one envelope only.
 * Given a BidderKey, a fingerprint mismatch is reported before any crypto (the usual mistake: a
 * replaced key or another company's key file). A wrong key always ends as WrongKeyError.
 */
export async function unwrapContentKey(header: EnvelopeHeader, key: CryptoKey | BidderKey): Promise<Bytes> {
  const expected = header.recipientFingerprint;
  if (isBidderKey(key) && key.fingerprint !== expected) throw new WrongKeyError(expected, key.fingerprint);
  const privateKey = isBidderKey(key) ? key.privateKey : key;
  const s = subtle(); // outside the try: "no Web Crypto here" must not read as "wrong key"
  let raw: Bytes;
  try {
    const eph = await s.importKey("raw", fromBase64(header.keyWrap.ephemeralPublicKey), ECDH_P256, false, []);
    const kek = await kekFrom(privateKey, eph, fromBase64(header.keyWrap.hkdfSalt), header.lotId, "unwrapKey");
    const ck = await s.unwrapKey(
      "raw",
      fromBase64(header.keyWrap.wrappedKey),
      kek,
      "AES-KW",
      { name: "AES-GCM" },
      true,
      ["decrypt"],
    );
    raw = new Uint8Array(await s.exportKey("raw", ck));
  } catch {
    // AES-KW's integrity check fails for any other key: that is the "wrong key" signal.
    throw new WrongKeyError(expected);
  }
  await assertKeyCommitment(header, raw);
  return raw;
}

/** A released content key must match the commitment in the header (AES-GCM alone is not key-committing). */
export async function assertKeyCommitment(header: EnvelopeHeader, contentKey: Uint8Array): Promise<void> {
  const ok =
    contentKey.length === 32 &&
    bytesEqual(await keyCommitment(contentKey), fromBase64(header.content.keyCommitment));
  if (!ok) throw new WrongKeyError(header.recipientFingerprint);
}


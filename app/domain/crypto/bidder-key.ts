import { fromBase64, subtle, toBase64, toHex, utf8, type Bytes } from "./bytes";
import { InvalidBidInputError, InvalidKeyFileError, WeakKeyFileError, WrongPassphraseError } from "./errors";
import { sha256Bytes } from "./hash";
import { ECDH_P256, systemRandomness, type Randomness } from "./randomness";

/**
 * Bidder key pairs (ECDH P-256) and their passphrase-protected key file. The private key leaves the
 * browser only inside this file; the server keeps the public key (SPKI) and its fingerprint.
 * Format: docs/sealed-bid-format.md §2; choice of algorithms: docs/decisions/0008-bid-key-wrapping.md.
 */

export const KEY_FILE_FORMAT = "ggzy-bidkey";
export const PUBLIC_KEY_FILE_FORMAT = "ggzy-bidkey-public";
/** OWASP 2023 figure for PBKDF2-HMAC-SHA256; files below it are refused, not just warned about. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
/** A floor, not a policy: the UI may ask for more. PBKDF2 cannot save a 4-character passphrase. */
export const MIN_PASSPHRASE_LENGTH = 8;
/** Upper bound so a hostile key file cannot make the browser spin for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export interface BidderKeyFile {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-GCM"; iv: string };
  /** AES-256-GCM(PKCS#8 DER of the private key), tag appended, AAD = "ggzy-bidkey-v1|" + fingerprint. */
  encryptedPrivateKey: string;
  /** SPKI DER, base64. */
  publicKey: string;
  /** SHA-256 of the SPKI DER, lowercase hex (64 chars). */
  fingerprint: string;
}

export interface BidderPublicKeyFile {
  format: typeof PUBLIC_KEY_FILE_FORMAT;
  version: 1;
  publicKey: string;
  fingerprint: string;
}

/** A usable bidder key: what importKeyFile returns. */
export interface BidderKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeySpki: Bytes;
  fingerprint: string;
}

export async function generateBidderKeyPair(): Promise<CryptoKeyPair> {
  // Extractable: the private key must be exported once, encrypted, into the key file.
  return (await subtle().generateKey(ECDH_P256, true, ["deriveBits"])) as CryptoKeyPair;
}

/** SHA-256 of the SPKI DER as lowercase hex: the identity of a bidder key everywhere (DB, header, UI). */
export async function publicKeyFingerprint(spki: Uint8Array | CryptoKey): Promise<string> {
  const der = spki instanceof Uint8Array ? new Uint8Array(spki) : await exportSpki(spki);
  return toHex(await sha256Bytes(der));
}

/** Display form: upper case, groups of 4 ("3F2A 9C01 …"), so people can compare it aloud at the opening. */
export const formatFingerprint = (hex: string): string => hex.toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");

export async function exportSpki(publicKey: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await subtle().exportKey("spki", publicKey));
}

export async function importPublicKeySpki(spki: Uint8Array): Promise<CryptoKey> {
  const s = subtle(); // outside the try: "no Web Crypto here" must not read as "bad key"
  try {
    return await s.importKey("spki", new Uint8Array(spki), ECDH_P256, true, []);
  } catch {
    throw new InvalidKeyFileError("publicKey");
  }
}

const keyFileAad = (fingerprint: string) => utf8(`ggzy-bidkey-v1|${fingerprint}`);

async function passphraseKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  // NFC: the same passphrase typed through different input methods must give the same key.
  const material = await subtle().importKey("raw", utf8(passphrase.normalize("NFC")), "PBKDF2", false, [
    "deriveKey",
  ]);
  return subtle().deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, {
    name: "AES-GCM",
    length: 256,
  }, false, ["encrypt", "decrypt"]);
}

export async function exportKeyFile(
  keyPair: CryptoKeyPair,
  passphrase: string,
  options: { iterations?: number; randomness?: Randomness } = {},
): Promise<BidderKeyFile> {
  const iterations = options.iterations ?? MIN_PBKDF2_ITERATIONS;
  if (iterations < MIN_PBKDF2_ITERATIONS) throw new WeakKeyFileError(iterations, MIN_PBKDF2_ITERATIONS);
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new InvalidBidInputError("passphrase", "tooShort");
  const rnd = options.randomness ?? systemRandomness;
  const salt = rnd.bytes(16);
  const iv = rnd.bytes(12);
  const spki = await exportSpki(keyPair.publicKey);
  const fingerprint = await publicKeyFingerprint(spki);
  const pkcs8 = new Uint8Array(await subtle().exportKey("pkcs8", keyPair.privateKey));
  const key = await passphraseKey(passphrase, salt, iterations);
  const sealed = new Uint8Array(
    await subtle().encrypt({ name: "AES-GCM", iv, additionalData: keyFileAad(fingerprint) }, key, pkcs8),
  );
  pkcs8.fill(0);
  return {
    format: KEY_FILE_FORMAT,
    version: 1,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: toBase64(salt) },
    cipher: { name: "AES-GCM", iv: toBase64(iv) },
    encryptedPrivateKey: toBase64(sealed),
    publicKey: toBase64(spki),
    fingerprint,
  };
}

function parseJson(json: unknown): Record<string, unknown> {
  let v = json;
  if (typeof json === "string") {
    try {
      v = JSON.parse(json);
    } catch {
      throw new InvalidKeyFileError("json");
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InvalidKeyFileError("json");
  return v as Record<string, unknown>;
}

function b64Field(value: unknown, field: string, length?: number): Bytes {
  try {
    const b = fromBase64(value as string);
    if (length !== undefined && b.length !== length) throw new TypeError("length");
    return b;
  } catch {
    throw new InvalidKeyFileError(field);
  }
}

/** Checks a key file's shape and strength without the passphrase (fast; used before PBKDF2). */
export function parseKeyFile(json: unknown): BidderKeyFile {
  const f = parseJson(json);
  if (f.format !== KEY_FILE_FORMAT) throw new InvalidKeyFileError("format");
  if (f.version !== 1) throw new InvalidKeyFileError("version");
  const kdf = f.kdf as Record<string, unknown> | undefined;
  const cipher = f.cipher as Record<string, unknown> | undefined;
  if (!kdf || kdf.name !== "PBKDF2" || kdf.hash !== "SHA-256") throw new InvalidKeyFileError("kdf");
  const iterations = kdf.iterations;
  if (typeof iterations !== "number" || !Number.isSafeInteger(iterations)) throw new InvalidKeyFileError("kdf");
  if (iterations < MIN_PBKDF2_ITERATIONS) throw new WeakKeyFileError(iterations, MIN_PBKDF2_ITERATIONS);
  if (iterations > MAX_PBKDF2_ITERATIONS) throw new InvalidKeyFileError("kdf");
  if (b64Field(kdf.salt, "kdf.salt").length < 16) throw new InvalidKeyFileError("kdf.salt");
  if (!cipher || cipher.name !== "AES-GCM") throw new InvalidKeyFileError("cipher");
  b64Field(cipher.iv, "cipher.iv", 12);
  b64Field(f.encryptedPrivateKey, "encryptedPrivateKey");
  b64Field(f.publicKey, "publicKey");
  if (typeof f.fingerprint !== "string" || !/^[0-9a-f]{64}$/.test(f.fingerprint)) {
    throw new InvalidKeyFileError("fingerprint");
  }
  return f as unknown as BidderKeyFile;
}

/**
 * Opens a key file. Wrong passphrase → WrongPassphraseError; too few PBKDF2 iterations →
 * WeakKeyFileError (refused before deriving anything); a public key that does not belong to the
 * private key → InvalidKeyFileError. The private key comes back non-extractable unless asked.
 */
export async function importKeyFile(
  json: unknown,
  passphrase: string,
  options: { extractable?: boolean } = {},
): Promise<BidderKey> {
  const file = parseKeyFile(json);
  const spki = fromBase64(file.publicKey);
  if ((await publicKeyFingerprint(spki)) !== file.fingerprint) throw new InvalidKeyFileError("fingerprint");
  const publicKey = await importPublicKeySpki(spki);
  const key = await passphraseKey(passphrase, fromBase64(file.kdf.salt), file.kdf.iterations);
  let pkcs8: Bytes;
  try {
    pkcs8 = new Uint8Array(
      await subtle().decrypt(
        { name: "AES-GCM", iv: fromBase64(file.cipher.iv), additionalData: keyFileAad(file.fingerprint) },
        key,
        fromBase64(file.encryptedPrivateKey),
      ),
    );
  } catch {
    // GCM cannot tell a wrong passphrase from an altered file; the passphrase is by far the common case.
    throw new WrongPassphraseError();
  }
  try {
    const probe = await subtle().importKey("pkcs8", pkcs8, ECDH_P256, true, ["deriveBits"]);
    const priv = await subtle().exportKey("jwk", probe);
    const pub = await subtle().exportKey("jwk", publicKey);
    if (priv.x !== pub.x || priv.y !== pub.y) throw new InvalidKeyFileError("publicKey");
    const privateKey = options.extractable
      ? probe
      : await subtle().importKey("pkcs8", pkcs8, ECDH_P256, false, ["deriveBits"]);
    return { privateKey, publicKey, publicKeySpki: spki, fingerprint: file.fingerprint };
  } catch (e) {
    if (e instanceof InvalidKeyFileError) throw e;
    throw new InvalidKeyFileError("privateKey");
  } finally {
    pkcs8.fill(0);
  }
}

export async function exportPublicKeyFile(publicKey: CryptoKey | Uint8Array): Promise<BidderPublicKeyFile> {
  const spki = publicKey instanceof Uint8Array ? new Uint8Array(publicKey) : await exportSpki(publicKey);
  return {
    format: PUBLIC_KEY_FILE_FORMAT,
    version: 1,
    publicKey: toBase64(spki),
    fingerprint: await publicKeyFingerprint(spki),
  };
}

/**
 * Reads a recipient public key from a public key file, a key file (no passphrase needed), or bare
 * base64 SPKI. The stated fingerprint, if any, must match the key.
 */
export async function importRecipientPublicKey(
  input: unknown,
): Promise<{ publicKey: CryptoKey; publicKeySpki: Bytes; fingerprint: string }> {
  let spkiB64: unknown = input;
  let stated: unknown;
  if (typeof input === "object" || (typeof input === "string" && input.trim().startsWith("{"))) {
    const f = parseJson(input);
    if (f.format !== PUBLIC_KEY_FILE_FORMAT && f.format !== KEY_FILE_FORMAT) throw new InvalidKeyFileError("format");
    spkiB64 = f.publicKey;
    stated = f.fingerprint;
  }
  const spki = b64Field(typeof spkiB64 === "string" ? spkiB64.trim() : spkiB64, "publicKey");
  const publicKey = await importPublicKeySpki(spki);
  const fingerprint = await publicKeyFingerprint(spki);
  if (stated !== undefined && stated !== fingerprint) throw new InvalidKeyFileError("fingerprint");
  return { publicKey, publicKeySpki: spki, fingerprint };
}


import { sha256 } from "@noble/hashes/sha2";
import { concatBytes, fromBase64, fromUtf8, readU32be, u32be, utf8, type Bytes } from "./bytes";
import { InvalidEnvelopeError, TruncatedEnvelopeError, UnsupportedEnvelopeVersionError } from "./errors";

/**
 * Envelope v1 layout (docs/sealed-bid-format.md §3):
 *   "GGZYBID" + "1" | u32be headerLength | header JSON (UTF-8)
 *   chunk records: u32be length | AES-256-GCM ciphertext || 16-byte tag    (length = plaintext + 16)
 *   trailer: u32be 0 | u32be chunkCount
 * Everything but the header is ciphertext; the header holds no bid content (no price, no file names).
 */

export const MAGIC_PREFIX = "GGZYBID";
export const ENVELOPE_VERSION = 1;
export const ENVELOPE_FORMAT = "ggzy-sealed-bid";
export const KEY_WRAP_ALG = "ECDH-ES-P256+HKDF-SHA256+A256KW";
export const CONTENT_ALG = "A256GCM-CHUNKED";
export const DIGEST_ALG = "SHA-256";
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
export const MIN_CHUNK_SIZE = 1024;
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
export const MAX_HEADER_LENGTH = 64 * 1024;
export const TAG_LENGTH = 16;
export const MAX_LOT_ID_LENGTH = 128;
/** Magic (8) + header length (4). */
export const PREAMBLE_LENGTH = 12;
export const TRAILER_LENGTH = 8;

export interface EnvelopeHeader {
  format: typeof ENVELOPE_FORMAT;
  version: 1;
  lotId: string;
  /** Fingerprint (SHA-256 of SPKI, hex) of the bidder key the content key is wrapped to. */
  recipientFingerprint: string;
  keyWrap: {
    alg: typeof KEY_WRAP_ALG;
    /** Uncompressed P-256 point (65 bytes), base64. */
    ephemeralPublicKey: string;
    /** 32 bytes, base64. HKDF info is "ggzy-bid-v1|" + lotId. */
    hkdfSalt: string;
    /** RFC 3394 AES-KW of the 32-byte content key (40 bytes), base64. */
    wrappedKey: string;
  };
  content: {
    alg: typeof CONTENT_ALG;
    chunkSize: number;
    /** 8 bytes, base64; chunk nonce = prefix || u32be(index). */
    noncePrefix: string;
    /** SHA-256("ggzy-bid-v1|key-commitment|" || content key), base64: binds the envelope to one key. */
    keyCommitment: string;
  };
  digest: typeof DIGEST_ALG;
}

export interface ParsedEnvelopeHeader {
  header: EnvelopeHeader;
  /** Bytes of magic + length + header JSON: the first chunk record starts right after them. */
  prefixLength: number;
  /** SHA-256 of those prefix bytes; part of every chunk's AAD. */
  headerSha256: Bytes;
}

export const hkdfInfo = (lotId: string) => utf8(`ggzy-bid-v1|${lotId}`);
export const keyCommitmentInput = (contentKey: Uint8Array) => concatBytes(utf8("ggzy-bid-v1|key-commitment|"), contentKey);

export function chunkNonce(noncePrefix: Uint8Array, index: number): Bytes {
  return concatBytes(noncePrefix, u32be(index));
}

/** AAD = SHA-256(header prefix) || u32be(index) || final flag (1 on the last chunk, else 0). */
export function chunkAad(headerSha256: Uint8Array, index: number, last: boolean): Bytes {
  return concatBytes(headerSha256, u32be(index), Uint8Array.of(last ? 1 : 0));
}

export function validateLotId(lotId: unknown): lotId is string {
  return (
    typeof lotId === "string" &&
    lotId.length > 0 &&
    lotId.length <= MAX_LOT_ID_LENGTH &&
    // Control characters would make the HKDF info and displays ambiguous.
    !/[\u0000-\u001f\u007f]/.test(lotId)
  );
}

export function validChunkSize(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= MIN_CHUNK_SIZE && n <= MAX_CHUNK_SIZE;
}

/** Header JSON with a fixed key order, so every producer writes the same bytes. */
export function encodeEnvelopePrefix(h: EnvelopeHeader): Bytes {
  const canonical: EnvelopeHeader = {
    format: h.format,
    version: h.version,
    lotId: h.lotId,
    recipientFingerprint: h.recipientFingerprint,
    keyWrap: {
      alg: h.keyWrap.alg,
      ephemeralPublicKey: h.keyWrap.ephemeralPublicKey,
      hkdfSalt: h.keyWrap.hkdfSalt,
      wrappedKey: h.keyWrap.wrappedKey,
    },
    content: {
      alg: h.content.alg,
      chunkSize: h.content.chunkSize,
      noncePrefix: h.content.noncePrefix,
      keyCommitment: h.content.keyCommitment,
    },
    digest: h.digest,
  };
  const json = utf8(JSON.stringify(canonical));
  return concatBytes(utf8(MAGIC_PREFIX + ENVELOPE_VERSION), u32be(json.length), json);
}

function b64(v: unknown, len: number, field: string): void {
  let ok = false;
  try {
    ok = fromBase64(v as string).length === len;
  } catch {
    ok = false;
  }
  if (!ok) throw new InvalidEnvelopeError(`header.${field}`);
}

/** An object with exactly these keys: one encoding per header, nothing smuggled alongside. */
function obj(v: unknown, field: string, keys: string[]): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InvalidEnvelopeError(`header.${field}`);
  const actual = Object.keys(v);
  if (actual.length !== keys.length || !keys.every((k) => actual.includes(k))) {
    throw new InvalidEnvelopeError(`header.${field}`);
  }
  return v as Record<string, unknown>;
}

/** Validates every header field; unknown algorithms are refused rather than guessed at. */
export function validateHeader(v: unknown): EnvelopeHeader {
  if (typeof v !== "object" || v === null) throw new InvalidEnvelopeError("header.json");
  const probe = v as Record<string, unknown>;
  // Format and version first, so a future version is reported as such rather than as "malformed".
  if (probe.format !== ENVELOPE_FORMAT) throw new InvalidEnvelopeError("header.format");
  if (probe.version !== ENVELOPE_VERSION) throw new UnsupportedEnvelopeVersionError(String(probe.version));
  const h = obj(v, "json", ["format", "version", "lotId", "recipientFingerprint", "keyWrap", "content", "digest"]);
  if (!validateLotId(h.lotId)) throw new InvalidEnvelopeError("header.lotId");
  if (typeof h.recipientFingerprint !== "string" || !/^[0-9a-f]{64}$/.test(h.recipientFingerprint)) {
    throw new InvalidEnvelopeError("header.recipientFingerprint");
  }
  const kw = obj(h.keyWrap, "keyWrap", ["alg", "ephemeralPublicKey", "hkdfSalt", "wrappedKey"]);
  if (kw.alg !== KEY_WRAP_ALG) throw new InvalidEnvelopeError("header.keyWrap.alg");
  b64(kw.ephemeralPublicKey, 65, "keyWrap.ephemeralPublicKey");
  b64(kw.hkdfSalt, 32, "keyWrap.hkdfSalt");
  b64(kw.wrappedKey, 40, "keyWrap.wrappedKey");
  const c = obj(h.content, "content", ["alg", "chunkSize", "noncePrefix", "keyCommitment"]);
  if (c.alg !== CONTENT_ALG) throw new InvalidEnvelopeError("header.content.alg");
  if (!validChunkSize(c.chunkSize)) throw new InvalidEnvelopeError("header.content.chunkSize");
  b64(c.noncePrefix, 8, "content.noncePrefix");
  b64(c.keyCommitment, 32, "content.keyCommitment");
  if (h.digest !== DIGEST_ALG) throw new InvalidEnvelopeError("header.digest");
  return h as unknown as EnvelopeHeader;
}

/** Header length from the first 12 bytes (checks magic and version). */
export function readPreamble(bytes: Uint8Array): number {
  if (bytes.length < PREAMBLE_LENGTH) throw new TruncatedEnvelopeError("header");
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic.slice(0, 7) !== MAGIC_PREFIX) throw new InvalidEnvelopeError("magic");
  if (magic[7] !== String(ENVELOPE_VERSION)) throw new UnsupportedEnvelopeVersionError(magic[7]);
  const len = readU32be(bytes, 8);
  if (len < 2 || len > MAX_HEADER_LENGTH) throw new InvalidEnvelopeError("headerLength");
  return len;
}

/**
 * Reads and validates the clear header from the first bytes of an envelope (at least the whole
 * prefix; extra bytes are ignored). Unknown version → UnsupportedEnvelopeVersionError.
 */
export function readEnvelopeHeader(bytes: Uint8Array): ParsedEnvelopeHeader {
  const len = readPreamble(bytes);
  const prefixLength = PREAMBLE_LENGTH + len;
  if (bytes.length < prefixLength) throw new TruncatedEnvelopeError("header");
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes.subarray(PREAMBLE_LENGTH, prefixLength)));
  } catch {
    throw new InvalidEnvelopeError("header.json");
  }
  const header = validateHeader(json);
  return { header, prefixLength, headerSha256: sha256(bytes.subarray(0, prefixLength)) as Bytes };
}

export const encodeTrailer = (chunkCount: number) => concatBytes(u32be(0), u32be(chunkCount));

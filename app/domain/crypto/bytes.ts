/**
 * Byte helpers for the sealed-bid code. Isomorphic on purpose: no Buffer, no node:* imports, so the
 * browser bundle and the Node CLI run exactly this code and produce the same bytes.
 */

/** A Uint8Array backed by a plain ArrayBuffer: what Web Crypto accepts as a BufferSource. */
export type Bytes = Uint8Array<ArrayBuffer>;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

export const utf8 = (s: string): Bytes => textEncoder.encode(s) as Bytes;

/** Strict UTF-8 decoding: invalid sequences throw instead of becoming U+FFFD. */
export const fromUtf8 = (b: Uint8Array): string => textDecoder.decode(b);

export function concatBytes(...parts: Uint8Array[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

export function u32be(n: number): Bytes {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32 out of range: ${n}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

export const readU32be = (b: Uint8Array, offset = 0): number =>
  new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(offset, false);

export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError("invalid hex");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Standard base64 with padding (RFC 4648 §4), as stored in key files and envelope headers. */
export function toBase64(b: Uint8Array): string {
  let bin = "";
  // Chunked so String.fromCharCode never gets too many arguments.
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Strict decoding: only canonical, padded base64 is accepted (one encoding per value). */
export function fromBase64(s: string): Bytes {
  if (typeof s !== "string" || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    throw new TypeError("invalid base64");
  }
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (toBase64(out) !== s) throw new TypeError("non-canonical base64");
  return out;
}

/** Constant-time comparison (for tags, commitments and fingerprints). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let d = 0;
  for (let i = 0; i < a.byteLength; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** The Web Crypto API: window.crypto in browsers, globalThis.crypto in Node ≥ 20. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("Web Crypto (crypto.subtle) is not available: use HTTPS or Node ≥ 20");
  return s;
}

import { sha256 } from "@noble/hashes/sha2";
import type { Bytes } from "./bytes";

/**
 * Incremental SHA-256. Web Crypto's digest() only hashes a whole buffer, which would break the
 * constant-memory promise for a 1 GB bid, so the shared code hashes with @noble/hashes (audited,
 * pure JS, same result everywhere). Node callers may inject node:crypto's createHash for speed:
 * the digests, and therefore the envelope bytes, are identical.
 */
export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

export type HashFactory = () => IncrementalHash;

export const nobleSha256: HashFactory = () => sha256.create();

/** One-shot SHA-256 through Web Crypto (small inputs: headers, key material). */
export async function sha256Bytes(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", data));
}

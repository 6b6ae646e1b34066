import { concatBytes, fromBase64, u32be, type Bytes } from "./bytes";
import { sha256 } from "@noble/hashes/sha2";

/**
 * Where sealing gets its randomness. Production uses the platform CSPRNG and a fresh ephemeral key;
 * tests inject a deterministic source so that test vectors are reproducible byte for byte.
 * Order of use while sealing (documented in docs/sealed-bid-format.md §7): content key (32 bytes),
 * HKDF salt (32), nonce prefix (8), then one ephemeral key pair.
 */
export interface Randomness {
  bytes(n: number): Bytes;
  ephemeralKeyPair(): Promise<CryptoKeyPair>;
}

export const ECDH_P256 = { name: "ECDH", namedCurve: "P-256" } as const;

export const systemRandomness: Randomness = {
  bytes(n) {
    const out = new Uint8Array(n);
    globalThis.crypto.getRandomValues(out);
    return out;
  },
  ephemeralKeyPair() {
    return globalThis.crypto.subtle.generateKey(ECDH_P256, true, ["deriveBits"]) as Promise<CryptoKeyPair>;
  },
};

/** JWK of a P-256 private key (d, x, y in base64url), as stored in the test vectors. */
export interface P256PrivateJwk {
  kty: "EC";
  crv: "P-256";
  d: string;
  x: string;
  y: string;
}

/**
 * FOR TESTS ONLY. Bytes = SHA-256(seed || u32be(counter)) blocks, read sequentially; the ephemeral
 * key pair is the given JWK. Never use for a real bid: the "random" values are public.
 */
export function deterministicRandomness(seed: Uint8Array, ephemeralPrivateJwk: P256PrivateJwk): Randomness {
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  return {
    bytes(n) {
      while (pool.length < n) pool = concatBytes(pool, sha256(concatBytes(seed, u32be(counter++))));
      const out = pool.slice(0, n);
      pool = pool.slice(n);
      return out;
    },
    async ephemeralKeyPair() {
      const s = globalThis.crypto.subtle;
      const { d: _d, ...pub } = ephemeralPrivateJwk;
      const privateKey = await s.importKey("jwk", { ...ephemeralPrivateJwk, ext: true }, ECDH_P256, true, [
        "deriveBits",
      ]);
      const publicKey = await s.importKey("jwk", { ...pub, ext: true }, ECDH_P256, true, []);
      return { privateKey, publicKey };
    },
  };
}

/** Test randomness as stored in JSON (test/vectors/sealed-bid/randomness.json): { seed: base64, ephemeralPrivateJwk }. */
export function deterministicRandomnessFromJson(json: { seed: string; ephemeralPrivateJwk: P256PrivateJwk }): Randomness {
  return deterministicRandomness(fromBase64(json.seed), json.ephemeralPrivateJwk);
}

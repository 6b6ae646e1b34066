// Shared fixtures for the sealed-bid crypto tests (test/unit/crypto-*.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  deterministicRandomnessFromJson,
  exportSpki,
  generateBidderKeyPair,
  readAllBytes,
  sealBid,
  type SealBidInput,
} from "~/domain/crypto";

export const VECTOR_DIR = join(process.cwd(), "test/vectors/sealed-bid");
export const readVectorJson = (name: string) => JSON.parse(readFileSync(join(VECTOR_DIR, name), "utf8"));
export const readVectorBytes = (name: string) => new Uint8Array(readFileSync(join(VECTOR_DIR, name)));
export const VECTOR_PASSPHRASE = "ggzy test vector passphrase";

export const vectorRandomness = () => deterministicRandomnessFromJson(readVectorJson("randomness.json"));

export async function vectorRecipientPrivateKey(): Promise<CryptoKey> {
  const { privateJwk } = readVectorJson("recipient.json");
  return crypto.subtle.importKey("jwk", privateJwk, { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
}

/** Bytes as a ReadableStream delivered in pieces of `piece` bytes (to exercise re-chunking). */
export function streamOf(bytes: Uint8Array, piece = 4096): ReadableStream<Uint8Array> {
  let o = 0;
  return new ReadableStream({
    pull(c) {
      if (o >= bytes.length) return c.close();
      c.enqueue(bytes.slice(o, o + piece));
      o += piece;
    },
  });
}

export const patternBytes = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + (i >> 10)) & 0xff);

export async function newBidder() {
  const keyPair = await generateBidderKeyPair();
  return { keyPair, spki: await exportSpki(keyPair.publicKey) };
}

/** Seals fully into memory (small test bids only). */
export async function sealToBytes(input: SealBidInput) {
  const { stream, result } = sealBid(input);
  const envelope = await readAllBytes(stream);
  return { envelope, result: await result };
}

export const samplePriceSheet = { totalPriceFen: 123_456_789n, durationDays: 365, fields: { 质保期: "5年" } };

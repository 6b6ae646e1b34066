// Test vectors (test/vectors/sealed-bid): sealing with fixed randomness gives the stored bytes, the
// stored envelopes open to the stored plaintext, and a reference decryptor written only from
// docs/sealed-bid-format.md (raw Web Crypto, no library code) agrees — so the document is the truth.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  importKeyFile,
  openBid,
  openBidWithContentKey,
  readAllBytes,
  readEnvelopeHeader,
  unwrapContentKey,
} from "~/domain/crypto";
import {
  VECTOR_PASSPHRASE,
  readVectorBytes,
  readVectorJson,
  sealToBytes,
  streamOf,
  vectorRandomness,
  vectorRecipientPrivateKey,
} from "./crypto-helpers";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const VECTORS = ["v1-multichunk", "v1-single-chunk"];

/** Independent decryptor following the format document step by step. */
async function referenceDecrypt(envelope: Uint8Array, privateJwk: JsonWebKey): Promise<Uint8Array> {
  const s = crypto.subtle;
  const buf = Buffer.from(envelope);
  expect(buf.subarray(0, 8).toString("latin1")).toBe("GGZYBID1");
  const hlen = buf.readUInt32BE(8);
  const header = JSON.parse(buf.subarray(12, 12 + hlen).toString("utf8"));
  const headerHash = createHash("sha256").update(buf.subarray(0, 12 + hlen)).digest();
  // Key agreement: ECDH(recipient private, ephemeral public) → HKDF-SHA-256 → AES-KW unwrap.
  const curve = { name: "ECDH", namedCurve: "P-256" };
  const priv = await s.importKey("jwk", privateJwk, curve, false, ["deriveBits"]);
  const eph = await s.importKey("raw", Buffer.from(header.keyWrap.ephemeralPublicKey, "base64"), curve, false, []);
  const shared = await s.deriveBits({ name: "ECDH", public: eph }, priv, 256);
  const ikm = await s.importKey("raw", shared, "HKDF", false, ["deriveBits"]);
  const kekBytes = await s.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: Buffer.from(header.keyWrap.hkdfSalt, "base64"), info: Buffer.from(`ggzy-bid-v1|${header.lotId}`) },
    ikm,
    256,
  );
  const kek = await s.importKey("raw", kekBytes, "AES-KW", false, ["unwrapKey"]);
  const ck = await s.unwrapKey("raw", Buffer.from(header.keyWrap.wrappedKey, "base64"), kek, "AES-KW", "AES-GCM", true, ["decrypt"]);
  const ckRaw = Buffer.from(await s.exportKey("raw", ck));
  const commitment = createHash("sha256").update(Buffer.concat([Buffer.from("ggzy-bid-v1|key-commitment|"), ckRaw])).digest("base64");
  expect(commitment).toBe(header.content.keyCommitment);
  // Records: u32 length | ciphertext+tag, until a zero length; then u32 chunk count.
  const prefix = Buffer.from(header.content.noncePrefix, "base64");
  const parts: Buffer[] = [];
  let o = 12 + hlen;
  for (let i = 0; ; i++) {
    const len = buf.readUInt32BE(o);
    const sealed = buf.subarray(o + 4, o + 4 + len);
    o += 4 + len;
    const last = buf.readUInt32BE(o) === 0;
    const idx = Buffer.alloc(4);
    idx.writeUInt32BE(i);
    const plain = await s.decrypt(
      { name: "AES-GCM", iv: Buffer.concat([prefix, idx]), additionalData: Buffer.concat([headerHash, idx, Buffer.of(last ? 1 : 0)]) },
      ck,
      sealed,
    );
    parts.push(Buffer.from(plain));
    if (last) {
      expect(buf.readUInt32BE(o + 4)).toBe(i + 1);
      expect(o + 8).toBe(buf.length);
      break;
    }
  }
  return Buffer.concat(parts);
}

describe.each(VECTORS)("test vector %s", (name) => {
  const v = readVectorJson(`${name}.json`);
  const envelope = readVectorBytes(v.expected.envelopeFile);
  const plaintext = readVectorBytes(v.expected.plaintextFile);
  const inputFiles = v.input.files.map((f: { name: string; contentBase64: string }) => ({
    name: f.name,
    bytes: new Uint8Array(Buffer.from(f.contentBase64, "base64")),
  }));

  it("seal with the fixed randomness = the stored envelope bytes and hashes", async () => {
    const { spki } = readVectorJson("recipient.json");
    const { envelope: sealed, result } = await sealToBytes({
      lotId: v.input.lotId,
      recipientPublicKey: Buffer.from(spki, "base64"),
      priceSheet: v.input.priceSheet,
      files: inputFiles.map((f: { name: string; bytes: Uint8Array }) => ({ name: f.name, size: f.bytes.length, stream: streamOf(f.bytes, 333) })),
      chunkSize: v.input.chunkSize ?? undefined,
      randomness: vectorRandomness(),
    });
    expect(sha(sealed)).toBe(sha(envelope));
    expect(Buffer.from(sealed).equals(Buffer.from(envelope))).toBe(true);
    expect(result.ciphertextSha256).toBe(v.expected.ciphertextSha256);
    expect(result.plaintextSha256).toBe(v.expected.plaintextSha256);
    expect(result.size).toBe(v.expected.size);
    expect(result.chunkCount).toBe(v.expected.chunkCount);
    expect(result.header).toEqual(v.expected.header);
    expect(result.manifest.files).toEqual(v.expected.files);
  });

  it("the stored envelope opens to the stored plaintext (private key, key file, released content key)", async () => {
    expect(sha(envelope)).toBe(v.expected.ciphertextSha256);
    expect(sha(plaintext)).toBe(v.expected.plaintextSha256);
    const parsed = readEnvelopeHeader(envelope);
    expect(parsed.header).toEqual(v.expected.header);
    expect(Buffer.from(parsed.headerSha256).toString("hex")).toBe(v.expected.headerSha256);
    const key = await importKeyFile(readVectorJson("bidder.key.json"), VECTOR_PASSPHRASE);
    expect(Buffer.from(await unwrapContentKey(parsed.header, key)).toString("hex")).toBe(v.expected.contentKeyHex);

    for (const open of [
      () => openBid(streamOf(envelope, 100), key),
      async () => openBid(streamOf(envelope), await vectorRecipientPrivateKey()),
      () => openBidWithContentKey(streamOf(envelope, 777), Buffer.from(v.expected.contentKeyHex, "hex")),
    ]) {
      const opened = await open();
      expect(opened.priceSheet.totalPriceFen).toBe(BigInt(v.input.priceSheet.totalPriceFen));
      const got: Uint8Array[] = [];
      for await (const f of opened.files) got.push(await readAllBytes(f.stream));
      expect(got.map((b) => sha(b))).toEqual(inputFiles.map((f: { bytes: Uint8Array }) => sha(f.bytes)));
      const result = await opened.done();
      expect(result).toMatchObject({
        plaintextSha256: v.expected.plaintextSha256,
        ciphertextSha256: v.expected.ciphertextSha256,
        size: v.expected.size,
        chunkCount: v.expected.chunkCount,
        files: v.expected.files,
      });
    }
  }, 20_000);

  it("a reference decryptor written from the format document yields the same plaintext", async () => {
    const { privateJwk } = readVectorJson("recipient.json");
    const plain = await referenceDecrypt(envelope, privateJwk);
    expect(Buffer.from(plain).equals(Buffer.from(plaintext))).toBe(true);
  });
});

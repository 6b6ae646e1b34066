/**
 * Regenerates the sealed-bid test vectors: `npx tsx test/vectors/sealed-bid/generate.ts`.
 * Keys (recipient.json, randomness.json) are created once and then reused; everything else is
 * derived deterministically, so re-running must leave `git diff` empty. If it does not, the
 * envelope format changed: that needs a new format version, not new vectors.
 * The canonical plaintext is built here independently of the library (from the format document),
 * so the vectors cross-check the implementation rather than just recording it.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  deterministicRandomnessFromJson,
  exportKeyFile,
  importPublicKeySpki,
  readAllBytes,
  readEnvelopeHeader,
  sealBid,
  unwrapContentKey,
} from "../../../app/domain/crypto/index";

const dir = dirname(fileURLToPath(import.meta.url));
const s = globalThis.crypto.subtle;
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest();

async function ensureKeys() {
  if (!existsSync(join(dir, "recipient.json"))) {
    const kp = (await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
    const jwk = await s.exportKey("jwk", kp.privateKey);
    const spki = new Uint8Array(await s.exportKey("spki", kp.publicKey));
    const note = "TEST KEY — published on purpose; never use for a real bid";
    const recipient = { note, privateJwk: { kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x, y: jwk.y }, spki: b64(spki), fingerprint: hex(sha(spki)) };
    writeFileSync(join(dir, "recipient.json"), JSON.stringify(recipient, null, 2) + "\n");
  }
  if (!existsSync(join(dir, "randomness.json"))) {
    const kp = (await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
    const jwk = await s.exportKey("jwk", kp.privateKey);
    const seed = b64(globalThis.crypto.getRandomValues(new Uint8Array(32)));
    const r = { note: "TEST RANDOMNESS — NODE_ENV=test only", seed, ephemeralPrivateJwk: { kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x, y: jwk.y } };
    writeFileSync(join(dir, "randomness.json"), JSON.stringify(r, null, 2) + "\n");
  }
  return {
    recipient: JSON.parse(readFileSync(join(dir, "recipient.json"), "utf8")),
    randomness: JSON.parse(readFileSync(join(dir, "randomness.json"), "utf8")),
  };
}

const pattern = (n: number, mul: number) => Uint8Array.from({ length: n }, (_, i) => (i * mul + (i >> 8)) & 0xff);

interface VectorInput {
  name: string;
  lotId: string;
  chunkSize?: number;
  priceSheet: { totalPriceFen: string; durationDays: number; fields: Record<string, string> };
  files: { name: string; content: Uint8Array }[];
}

/** Canonical plaintext per docs/sealed-bid-format.md §5, written from the document, not the library. */
function canonicalPlaintext(v: VectorInput): Uint8Array {
  const fields = Object.entries(v.priceSheet.fields)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifest = Buffer.from(
    JSON.stringify({
      format: "ggzy-bid-manifest",
      version: 1,
      lotId: v.lotId,
      priceSheet: { totalPriceFen: v.priceSheet.totalPriceFen, durationDays: v.priceSheet.durationDays, fields },
      files: v.files.map((f) => ({ name: f.name, size: f.content.length })),
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(manifest.length);
  return Buffer.concat([len, manifest, ...v.files.map((f) => f.content), ...v.files.map((f) => sha(f.content))]);
}

const vectors: VectorInput[] = [
  {
    name: "v1-multichunk",
    lotId: "GGZY-2026-0042-L1",
    chunkSize: 1024,
    priceSheet: {
      totalPriceFen: "123456789012",
      durationDays: 365,
      fields: { 质保期: "5年", 付款方式: "验收合格后30日内支付", "Delivery place": "Zhuhai" },
    },
    files: [
      { name: "技术标.pdf", content: pattern(2500, 7) },
      { name: "报价清单.xlsx", content: pattern(700, 13) },
      { name: "empty.txt", content: new Uint8Array(0) },
    ],
  },
  {
    name: "v1-single-chunk",
    lotId: "LOT-1",
    priceSheet: { totalPriceFen: "9007199254740993", durationDays: 0, fields: {} },
    files: [{ name: "bid.txt", content: Buffer.from("投标文件 — sealed bid test vector\n") }],
  },
];

const { recipient, randomness } = await ensureKeys();
const privateKey = await s.importKey("jwk", recipient.privateJwk, { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
const spki = Buffer.from(recipient.spki, "base64");

for (const v of vectors) {
  const { stream, result } = sealBid({
    lotId: v.lotId,
    recipientPublicKey: spki,
    priceSheet: v.priceSheet,
    files: v.files.map((f) => ({ name: f.name, size: f.content.length, stream: new Blob([new Uint8Array(f.content)]).stream() })),
    chunkSize: v.chunkSize,
    randomness: deterministicRandomnessFromJson(randomness),
  });
  const envelope = await readAllBytes(stream);
  const r = await result;
  const plaintext = canonicalPlaintext(v);
  if (hex(sha(plaintext)) !== r.plaintextSha256) throw new Error(`${v.name}: library plaintext differs from the document`);
  const parsed = readEnvelopeHeader(envelope);
  const contentKey = await unwrapContentKey(parsed.header, privateKey);
  writeFileSync(join(dir, `${v.name}.sealed`), envelope);
  writeFileSync(join(dir, `${v.name}.plaintext.bin`), plaintext);
  const out = {
    description: "Seal with randomness.json and recipient.json → expect these exact bytes (see docs/sealed-bid-format.md §8)",
    input: {
      lotId: v.lotId,
      chunkSize: v.chunkSize ?? null,
      priceSheet: v.priceSheet,
      files: v.files.map((f) => ({ name: f.name, contentBase64: b64(f.content) })),
    },
    expected: {
      envelopeFile: `${v.name}.sealed`,
      plaintextFile: `${v.name}.plaintext.bin`,
      size: r.size,
      chunkCount: r.chunkCount,
      ciphertextSha256: r.ciphertextSha256,
      plaintextSha256: r.plaintextSha256,
      headerPrefixLength: parsed.prefixLength,
      headerSha256: hex(parsed.headerSha256),
      header: r.header,
      contentKeyHex: hex(contentKey),
      files: r.manifest.files,
    },
  };
  writeFileSync(join(dir, `${v.name}.json`), JSON.stringify(out, null, 2) + "\n");
  console.log(`${v.name}: ${r.size} bytes, ${r.chunkCount} chunks, ct ${r.ciphertextSha256}`);
}

// Key file vector: the recipient key under a known passphrase, salt and IV from randomness.json's seed.
const publicKey = await importPublicKeySpki(spki);
const keyFile = await exportKeyFile({ privateKey, publicKey }, "ggzy test vector passphrase", {
  randomness: deterministicRandomnessFromJson(randomness),
});
writeFileSync(join(dir, "bidder.key.json"), JSON.stringify(keyFile, null, 2) + "\n");
console.log(`bidder.key.json: fingerprint ${keyFile.fingerprint} (passphrase "ggzy test vector passphrase")`);

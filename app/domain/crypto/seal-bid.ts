import { exportSpki, importPublicKeySpki, publicKeyFingerprint } from "./bidder-key";
import { concatBytes, subtle, toBase64, toHex, u32be, type Bytes } from "./bytes";
import {
  CONTENT_ALG,
  DEFAULT_CHUNK_SIZE,
  DIGEST_ALG,
  ENVELOPE_FORMAT,
  ENVELOPE_VERSION,
  KEY_WRAP_ALG,
  TAG_LENGTH,
  chunkAad,
  chunkNonce,
  encodeEnvelopePrefix,
  encodeTrailer,
  validChunkSize,
  validateLotId,
  type EnvelopeHeader,
} from "./envelope-format";
import { FileSizeMismatchError, InvalidBidInputError } from "./errors";
import { nobleSha256, sha256Bytes, type HashFactory } from "./hash";
import { keyCommitment, wrapContentKey } from "./key-wrap";
import {
  encodeManifest,
  normalizePriceSheet,
  plaintextLength,
  validateFiles,
  type BidManifest,
  type PriceSheet,
  type PriceSheetInput,
} from "./manifest";
import { systemRandomness, type Randomness } from "./randomness";
import { generatorToStream, iterateBytes, type ByteSource } from "./streams";

export interface SealFileInput {
  name: string;
  /** Declared size; the stream must deliver exactly this many bytes (it is in the manifest up front). */
  size: number;
  /** The bytes, or a function opening them lazily (so a 50-file bid does not hold 50 open files). */
  stream: ByteSource | (() => ByteSource);
}

export interface SealBidInput {
  lotId: string;
  /** The bidder's own public key: a CryptoKey or its SPKI DER bytes. */
  recipientPublicKey: CryptoKey | Uint8Array;
  priceSheet: PriceSheetInput;
  files: SealFileInput[];
  chunkSize?: number;
  /** Tests only: inject deterministic randomness to reproduce test vectors. */
  randomness?: Randomness;
  /** Incremental SHA-256 factory; Node may pass node:crypto's for speed (same digests). */
  hash?: HashFactory;
}

export interface SealedFileInfo {
  name: string;
  size: number;
  sha256: string;
}

export interface SealResult {
  /** SHA-256 of the whole envelope as written (what the server recomputes and the receipt shows), hex. */
  ciphertextSha256: string;
  /** SHA-256 of the canonical plaintext (docs/sealed-bid-format.md §5), hex. */
  plaintextSha256: string;
  /** Envelope size in bytes. */
  size: number;
  chunkCount: number;
  header: EnvelopeHeader;
  manifest: { lotId: string; priceSheet: PriceSheet; files: SealedFileInfo[] };
}

/**
 * Seals a bid into an envelope, streaming: memory stays around two chunks whatever the file sizes.
 * Input errors (lot id, price sheet, file list, chunk size) throw at once; errors while streaming
 * (a file shorter/longer than declared, a read failure) error the stream and reject `result`.
 * `result` settles when the stream has been read to the end.
 */
export function sealBid(input: SealBidInput): { stream: ReadableStream<Uint8Array>; result: Promise<SealResult> } {
  if (!validateLotId(input.lotId)) throw new InvalidBidInputError("lotId", "invalid");
  const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!validChunkSize(chunkSize)) throw new InvalidBidInputError("chunkSize", "outOfRange");
  const priceSheet = normalizePriceSheet(input.priceSheet);
  const files = validateFiles(input.files.map((f) => ({ name: f.name, size: f.size })));
  const manifest: BidManifest = { lotId: input.lotId, priceSheet, files };
  const manifestFrame = encodeManifest(manifest);
  const total = plaintextLength(manifestFrame.length, files);
  const chunkCount = Math.ceil(total / chunkSize);
  if (chunkCount > 0xffffffff) throw new InvalidBidInputError("files.size", "tooLarge");

  let settle!: { resolve: (r: SealResult) => void; reject: (e: unknown) => void };
  const result = new Promise<SealResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // the stream carries the error too; an unawaited result must not crash Node

  const newHash = input.hash ?? nobleSha256;
  const rnd = input.randomness ?? systemRandomness;

  async function* plaintextPieces(digests: Bytes[]): AsyncGenerator<Uint8Array, void, undefined> {
    yield manifestFrame;
    for (const [i, f] of input.files.entries()) {
      const h = newHash();
      let n = 0;
      const source = typeof f.stream === "function" ? f.stream() : f.stream;
      for await (const piece of iterateBytes(source)) {
        n += piece.byteLength;
        if (n > files[i].size) throw new FileSizeMismatchError(f.name, files[i].size, n);
        h.update(piece);
        yield piece;
      }
      if (n !== files[i].size) throw new FileSizeMismatchError(f.name, files[i].size, n);
      digests.push(new Uint8Array(h.digest()));
    }
    yield concatBytes(...digests);
  }

  async function* envelope(): AsyncGenerator<Uint8Array, void, undefined> {
    // Randomness order is part of the test-vector contract (docs/sealed-bid-format.md §7).
    const contentKey = rnd.bytes(32);
    const hkdfSalt = rnd.bytes(32);
    const noncePrefix = rnd.bytes(8);
    const spki =
      input.recipientPublicKey instanceof Uint8Array
        ? new Uint8Array(input.recipientPublicKey)
        : await exportSpki(input.recipientPublicKey);
    const recipient = await importPublicKeySpki(spki);
    const wrapped = await wrapContentKey(contentKey, recipient, input.lotId, hkdfSalt, rnd);
    const header: EnvelopeHeader = {
      format: ENVELOPE_FORMAT,
      version: ENVELOPE_VERSION,
      lotId: input.lotId,
      recipientFingerprint: await publicKeyFingerprint(spki),
      keyWrap: {
        alg: KEY_WRAP_ALG,
        ephemeralPublicKey: toBase64(wrapped.ephemeralPublicKey),
        hkdfSalt: toBase64(hkdfSalt),
        wrappedKey: toBase64(wrapped.wrappedKey),
      },
      content: {
        alg: CONTENT_ALG,
        chunkSize,
        noncePrefix: toBase64(noncePrefix),
        keyCommitment: toBase64(await keyCommitment(contentKey)),
      },
      digest: DIGEST_ALG,
    };
    const aesKey = await subtle().importKey("raw", contentKey, "AES-GCM", false, ["encrypt"]);
    contentKey.fill(0);

    const ct = newHash();
    const pt = newHash();
    let size = 0;
    const emit = (b: Uint8Array) => {
      ct.update(b);
      size += b.byteLength;
      return b;
    };
    const prefix = encodeEnvelopePrefix(header);
    const headerSha256 = await sha256Bytes(prefix);
    yield emit(prefix);

    let index = 0;
    // A record is yielded as two pieces (length, then ciphertext) to avoid copying every chunk once more.
    const encrypt = async function* (plain: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
      const last = index === chunkCount - 1;
      const sealed = await subtle().encrypt(
        {
          name: "AES-GCM",
          iv: chunkNonce(noncePrefix, index),
          additionalData: chunkAad(headerSha256, index, last),
          tagLength: TAG_LENGTH * 8,
        },
        aesKey,
        plain as Bytes,
      );
      index++;
      yield emit(u32be(sealed.byteLength));
      yield emit(new Uint8Array(sealed));
    };

    const digests: Bytes[] = [];
    const buf = new Uint8Array(chunkSize);
    let fill = 0;
    for await (const piece of plaintextPieces(digests)) {
      pt.update(piece);
      let off = 0;
      while (off < piece.byteLength) {
        const n = Math.min(chunkSize - fill, piece.byteLength - off);
        buf.set(piece.subarray(off, off + n), fill);
        fill += n;
        off += n;
        // encrypt() is awaited before buf is refilled, so one buffer serves every chunk.
        if (fill === chunkSize) {
          yield* encrypt(buf);
          fill = 0;
        }
      }
    }
    if (fill > 0) yield* encrypt(buf.subarray(0, fill));
    if (index !== chunkCount) throw new Error(`internal: sealed ${index} chunks, expected ${chunkCount}`);
    yield emit(encodeTrailer(chunkCount));

    settle.resolve({
      ciphertextSha256: toHex(ct.digest()),
      plaintextSha256: toHex(pt.digest()),
      size,
      chunkCount,
      header,
      manifest: {
        lotId: input.lotId,
        priceSheet,
        files: files.map((f, i) => ({ name: f.name, size: f.size, sha256: toHex(digests[i]) })),
      },
    });
  }

  return { stream: generatorToStream(envelope(), (e) => settle.reject(e)), result };
}

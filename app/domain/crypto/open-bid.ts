import type { BidderKey } from "./bidder-key";
import { bytesEqual, concatBytes, fromBase64, readU32be, subtle, toHex, type Bytes } from "./bytes";
import {
  PREAMBLE_LENGTH,
  TAG_LENGTH,
  chunkAad,
  chunkNonce,
  readEnvelopeHeader,
  readPreamble,
  type EnvelopeHeader,
  type ParsedEnvelopeHeader,
} from "./envelope-format";
import {
  HashMismatchError,
  InvalidEnvelopeError,
  TamperedEnvelopeError,
  TruncatedEnvelopeError,
} from "./errors";
import { nobleSha256, type HashFactory } from "./hash";
import { assertKeyCommitment, unwrapContentKey } from "./key-wrap";
import { MAX_MANIFEST_LENGTH, decodeManifest, type BidManifest, type PriceSheet } from "./manifest";
import type { SealedFileInfo } from "./seal-bid";
import { ByteReader, iterateBytes, type ByteSource } from "./streams";

export interface OpenedFile {
  name: string;
  size: number;
  /** The file's bytes. Read it (or skip it) before asking for the next file: the bid is one stream. */
  stream: ReadableStream<Uint8Array>;
}

export interface OpenResult {
  plaintextSha256: string;
  ciphertextSha256: string;
  size: number;
  chunkCount: number;
  files: SealedFileInfo[];
}

export interface OpenedBid {
  header: EnvelopeHeader;
  manifest: BidManifest;
  priceSheet: PriceSheet;
  /** Files in manifest order. Bytes are authenticated chunk by chunk; the whole bid only once done() resolves. */
  files: AsyncIterable<OpenedFile>;
  /** Reads whatever is left, checks per-file digests, the final chunk, the trailer and `expect`. */
  done(): Promise<OpenResult>;
}

export interface OpenOptions {
  /** Hashes the caller already holds (e.g. from the receipt): a difference → HashMismatchError. */
  expect?: { plaintextSha256?: string; ciphertextSha256?: string };
  hash?: HashFactory;
}

/** Reads magic + header from the start of an envelope stream. */
async function readHeaderFrom(reader: ByteReader): Promise<ParsedEnvelopeHeader> {
  const pre = await reader.readExactly(PREAMBLE_LENGTH);
  if (!pre) throw new TruncatedEnvelopeError("header");
  const len = readPreamble(pre);
  const json = await reader.readExactly(len);
  if (!json) throw new TruncatedEnvelopeError("header");
  return readEnvelopeHeader(concatBytes(pre, json));
}

/** Opens an envelope with the bidder's private key (the decryption self-test, the CLI). */
export async function openBid(
  envelope: ByteSource,
  key: CryptoKey | BidderKey,
  options: OpenOptions = {},
): Promise<OpenedBid> {
  const ctx = startReading(envelope, options.hash ?? nobleSha256);
  const parsed = await readHeaderFrom(ctx.reader);
  const contentKey = await unwrapContentKey(parsed.header, key);
  return openBody(ctx, parsed, contentKey, options);
}

/**
 * Opens an envelope with a released content key (what the server does after the opening: it never
 * holds a private key). A key that does not match the header's commitment → WrongKeyError.
 */
export async function openBidWithContentKey(
  envelope: ByteSource,
  contentKey: Uint8Array,
  options: OpenOptions = {},
): Promise<OpenedBid> {
  const ctx = startReading(envelope, options.hash ?? nobleSha256);
  const parsed = await readHeaderFrom(ctx.reader);
  return openBody(ctx, parsed, new Uint8Array(contentKey), options);
}

interface ReadContext {
  reader: ByteReader;
  ciphertextHash: ReturnType<HashFactory>;
  size: () => number;
  newHash: HashFactory;
}

function startReading(envelope: ByteSource, newHash: HashFactory): ReadContext {
  const ciphertextHash = newHash();
  let size = 0;
  const reader = new ByteReader(iterateBytes(envelope), (b) => {
    ciphertextHash.update(b);
    size += b.byteLength;
  });
  return { reader, ciphertextHash, size: () => size, newHash };
}

async function openBody(
  ctx: ReadContext,
  parsed: ParsedEnvelopeHeader,
  contentKey: Bytes,
  options: OpenOptions,
): Promise<OpenedBid> {
  const { header, headerSha256 } = parsed;
  await assertKeyCommitment(header, contentKey);
  const s = subtle();
  const aesKey = await s.importKey("raw", contentKey, "AES-GCM", false, ["decrypt"]);
  const noncePrefix = fromBase64(header.content.noncePrefix);
  const chunkSize = header.content.chunkSize;
  const { reader } = ctx;
  let chunkCount = 0;

  // Decrypted chunks in order. "Last" is known by peeking at the next record: the trailer marker
  // (length 0) follows the final chunk; the final flag in the AAD makes a cut-off stream fail.
  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    for (let index = 0; ; index++) {
      const lenBytes = await reader.readExactly(4);
      if (!lenBytes) throw new TruncatedEnvelopeError(index);
      const len = readU32be(lenBytes);
      if (len === 0) throw new TamperedEnvelopeError(index, "missingFinalChunk");
      if (len <= TAG_LENGTH || len > chunkSize + TAG_LENGTH) throw new TamperedEnvelopeError(index, "length");
      const sealed = await reader.readExactly(len);
      if (!sealed) throw new TruncatedEnvelopeError(index);
      const next = await reader.peek(4);
      if (!next) throw new TruncatedEnvelopeError(index);
      const last = readU32be(next) === 0;
      if (!last && len !== chunkSize + TAG_LENGTH) throw new TamperedEnvelopeError(index, "length");
      let plain: ArrayBuffer;
      try {
        plain = await s.decrypt(
          {
            name: "AES-GCM",
            iv: chunkNonce(noncePrefix, index),
            additionalData: chunkAad(headerSha256, index, last),
            tagLength: TAG_LENGTH * 8,
          },
          aesKey,
          sealed,
        );
      } catch {
        throw new TamperedEnvelopeError(index);
      }
      yield new Uint8Array(plain);
      if (last) {
        const trailer = await reader.readExactly(8);
        if (!trailer) throw new TruncatedEnvelopeError(index);
        if (readU32be(trailer, 4) !== index + 1) throw new TamperedEnvelopeError(index, "trailer");
        if (!(await reader.atEnd())) throw new TamperedEnvelopeError(index, "trailingData");
        chunkCount = index + 1;
        return;
      }
    }
  }

  const plaintextHash = ctx.newHash();
  const pr = new ByteReader(chunks(), (b) => plaintextHash.update(b));
  const needExactly = async (n: number, what: string) => {
    const b = await pr.readExactly(n);
    if (!b) throw new InvalidEnvelopeError(`plaintext.${what}`);
    return b;
  };

  const manifestLength = readU32be(await needExactly(4, "manifestLength"));
  if (manifestLength > MAX_MANIFEST_LENGTH) throw new InvalidEnvelopeError("manifest.length");
  const manifest = decodeManifest(await needExactly(manifestLength, "manifest"));
  if (manifest.lotId !== header.lotId) throw new InvalidEnvelopeError("manifest.lotId");

  // Sequential file cursor shared by `files` and `done()`.
  const digests: Bytes[] = [];
  let fileIndex = 0;
  let remaining = 0;
  let fileHash: ReturnType<HashFactory> | null = null;

  const readFilePiece = async (max: number): Promise<Uint8Array> => {
    const piece = await pr.readUpTo(Math.min(max, remaining));
    if (!piece) throw new InvalidEnvelopeError("plaintext.file");
    fileHash!.update(piece);
    remaining -= piece.byteLength;
    if (remaining === 0) digests.push(new Uint8Array(fileHash!.digest()));
    return piece;
  };
  const skipRest = async () => {
    while (remaining > 0) await readFilePiece(chunkSize);
  };
  const nextFile = async (): Promise<OpenedFile | null> => {
    await skipRest();
    if (fileIndex >= manifest.files.length) return null;
    const mine = fileIndex;
    const f = manifest.files[fileIndex++];
    fileHash = ctx.newHash();
    remaining = f.size;
    if (remaining === 0) digests.push(new Uint8Array(fileHash.digest()));
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (fileIndex - 1 !== mine) {
            return controller.error(new Error(`file "${f.name}" was skipped: read files in manifest order`));
          }
          if (remaining === 0) return controller.close();
          try {
            controller.enqueue(await readFilePiece(chunkSize));
            if (remaining === 0) controller.close();
          } catch (e) {
            controller.error(e);
          }
        },
      },
      { highWaterMark: 0 },
    );
    return { name: f.name, size: f.size, stream };
  };
  // No return() on the iterator: leaving a for-await loop early must not stop done() from draining.
  const files: AsyncIterable<OpenedFile> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const f = await nextFile();
        return f ? { value: f, done: false as const } : { value: undefined, done: true as const };
      },
    }),
  };

  let finished: Promise<OpenResult> | null = null;
  const finish = async (): Promise<OpenResult> => {
    while (await nextFile());
    const sealedDigests = await needExactly(32 * manifest.files.length, "digests");
    manifest.files.forEach((f, i) => {
      if (!bytesEqual(sealedDigests.subarray(i * 32, i * 32 + 32), digests[i])) throw new HashMismatchError(f.name);
    });
    if (!(await pr.atEnd())) throw new InvalidEnvelopeError("plaintext.trailingData");
    const result: OpenResult = {
      plaintextSha256: toHex(plaintextHash.digest()),
      ciphertextSha256: toHex(ctx.ciphertextHash.digest()),
      size: ctx.size(),
      chunkCount,
      files: manifest.files.map((f, i) => ({ name: f.name, size: f.size, sha256: toHex(digests[i]) })),
    };
    const exp = options.expect ?? {};
    if (exp.plaintextSha256 && exp.plaintextSha256.toLowerCase() !== result.plaintextSha256) {
      throw new HashMismatchError("plaintextSha256");
    }
    if (exp.ciphertextSha256 && exp.ciphertextSha256.toLowerCase() !== result.ciphertextSha256) {
      throw new HashMismatchError("ciphertextSha256");
    }
    return result;
  };

  return {
    header,
    manifest,
    priceSheet: manifest.priceSheet,
    files,
    done: () => (finished ??= finish()),
  };
}

import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import zlib from "node:zlib";
import { Readable, Transform } from "node:stream";
import { finished } from "node:stream/promises";
import yazl from "yazl";
import { canonicalJson } from "~/domain/audit/canonical";
import type { Storage } from "~/lib/storage.server";
import type { ArchiveEntry } from "./archive-entries";

// yazl computes each entry's CRC-32 with buffer-crc32 (pure JS, ~65 MB/s here): point it at zlib's native
// crc32 (Node ≥ 20.15, ~10× faster), same results. yazl calls `crc32.unsigned(buf, previous)`.
const zlibCrc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
const bufferCrc32 = createRequire(import.meta.url)("buffer-crc32") as { unsigned: (buf: Buffer, previous?: number) => number };
if (zlibCrc32) bufferCrc32.unsigned = (buf: Buffer, previous?: number) => zlibCrc32(buf, previous ?? 0);

export const MANIFEST_NAME = "manifest.json";
export const MANIFEST_FORMAT = "ggzy-case-archive/1";

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface ArchiveManifest {
  format: typeof MANIFEST_FORMAT;
  /** Facts about the case (lot, project, profile, retention). */
  about: Record<string, string>;
  createdAt: string;
  entries: ManifestEntry[];
}

/**
 * Streams the entries into one ZIP written straight to storage (ZIP64 when it grows past 4 GB; nothing is
 * held in memory beyond stream buffers), hashing every entry on the way through, and ends the ZIP with
 * manifest.json: each entry's name, size and SHA-256. Returns the ZIP's own size and SHA-256 (computed by
 * the storage while writing) and the manifest.
 */
export async function zipCaseArchive(
  storage: Storage,
  key: string,
  entries: readonly ArchiveEntry[],
  about: Record<string, string>,
  onProgress: (doneBytes: number, totalBytes: number) => void = () => {},
  at = new Date(),
) {
  const zip = new yazl.ZipFile();
  const written = storage.put(key, zip.outputStream as unknown as Readable);
  // If the storage fails early, stop feeding the ZIP.
  let failure: unknown = null;
  written.catch((e: unknown) => {
    failure = e;
  });
  const total = entries.reduce((n, e) => n + e.size, 0);
  let done = 0;
  const manifest: ManifestEntry[] = [];
  for (const e of entries) {
    if (failure) throw failure;
    const src = e.open();
    const hash = createHash("sha256");
    if (Buffer.isBuffer(src)) {
      hash.update(src);
      zip.addBuffer(src, e.name, { compress: e.compress, mtime: at });
      manifest.push({ name: e.name, size: src.length, sha256: hash.digest("hex") });
      done += src.length;
      onProgress(done, total);
      continue;
    }
    let size = 0;
    // A hash recorded when the file was received (bid ciphertext, document) is taken as is: the caller
    // re-reads the finished ZIP against the manifest, which proves the stored bytes still match it.
    const known = e.sha256 ?? null;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        if (!known) hash.update(chunk);
        size += chunk.length;
        done += chunk.length;
        onProgress(done, total);
        cb(null, chunk);
      },
    });
    src.on("error", (err) => meter.destroy(err));
    src.pipe(meter);
    zip.addReadStream(meter, e.name, { compress: e.compress, mtime: at, size: e.size });
    await Promise.race([finished(meter, { readable: false }), written.then(() => undefined)]);
    if (failure) throw failure;
    manifest.push({ name: e.name, size, sha256: known ?? hash.digest("hex") });
  }
  const m: ArchiveManifest = { format: MANIFEST_FORMAT, about, createdAt: at.toISOString(), entries: manifest };
  const manifestBytes = Buffer.from(canonicalJson(m), "utf8");
  zip.addBuffer(manifestBytes, MANIFEST_NAME, { compress: true, mtime: at });
  zip.end();
  const { size, sha256 } = await written;
  return { size, sha256, manifest: m, manifestSha256: createHash("sha256").update(manifestBytes).digest("hex") };
}

import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import yauzl from "yauzl";
import { MANIFEST_FORMAT, MANIFEST_NAME, type ArchiveManifest } from "./zip-case-archive";

export interface ArchiveCheck {
  ok: boolean;
  entries: number;
  bytes: number;
  manifestSha256: string | null;
  about: Record<string, string>;
  /** What is wrong, one line each (missing, extra, size or hash mismatch, unreadable). */
  problems: string[];
}

/**
 * Re-checks a case archive offline (`npm run archive:verify -- <zip>`): reads every entry, recomputes its
 * SHA-256 and compares name, size and hash with manifest.json — nothing missing, nothing added, nothing
 * changed. Needs no database and no network.
 */
export async function verifyCaseArchive(zipPath: string): Promise<ArchiveCheck> {
  const problems: string[] = [];
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestBytes: Buffer | null = null;
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(zipPath, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, z) => (err ? rej(err) : res(z!))));
  } catch (e) {
    return { ok: false, entries: 0, bytes: 0, manifestSha256: null, about: {}, problems: [`unreadable ZIP: ${(e as Error).message}`] };
  }
  await new Promise<void>((resolve) => {
    zipfile.on("error", (e: Error) => {
      problems.push(`unreadable ZIP: ${e.message}`);
      resolve();
    });
    zipfile.on("end", () => resolve());
    zipfile.on("entry", (entry: yauzl.Entry) => {
      zipfile.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          problems.push(`${entry.fileName}: unreadable (${err?.message ?? "no stream"})`);
          zipfile.readEntry();
          return;
        }
        const hash = createHash("sha256");
        const chunks: Buffer[] = [];
        const isManifest = entry.fileName === MANIFEST_NAME;
        let size = 0;
        pipeline(
          stream,
          new Writable({
            write(chunk: Buffer, _enc, cb) {
              hash.update(chunk);
              size += chunk.length;
              if (isManifest) chunks.push(chunk);
              cb();
            },
          }),
        ).then(
          () => {
            if (isManifest) manifestBytes = Buffer.concat(chunks);
            else if (seen.has(entry.fileName)) problems.push(`${entry.fileName}: appears twice`);
            else seen.set(entry.fileName, { size, sha256: hash.digest("hex") });
            zipfile.readEntry();
          },
          (e: Error) => {
            problems.push(`${entry.fileName}: ${e.message}`);
            zipfile.readEntry();
          },
        );
      });
    });
    zipfile.readEntry();
  });
  if (!manifestBytes) {
    problems.push(`${MANIFEST_NAME} missing`);
    return { ok: false, entries: seen.size, bytes: 0, manifestSha256: null, about: {}, problems };
  }
  const mb: Buffer = manifestBytes;
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(mb.toString("utf8")) as ArchiveManifest;
    if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.entries)) throw new Error("unknown format");
  } catch (e) {
    problems.push(`${MANIFEST_NAME}: ${(e as Error).message}`);
    return { ok: false, entries: seen.size, bytes: 0, manifestSha256: null, about: {}, problems };
  }
  let bytes = 0;
  const listed = new Set<string>();
  for (const m of manifest.entries) {
    listed.add(m.name);
    const got = seen.get(m.name);
    if (!got) problems.push(`${m.name}: listed in the manifest but missing`);
    else if (got.size !== m.size) problems.push(`${m.name}: size ${got.size}, manifest says ${m.size}`);
    else if (got.sha256 !== m.sha256) problems.push(`${m.name}: SHA-256 ${got.sha256}, manifest says ${m.sha256}`);
    bytes += got?.size ?? 0;
  }
  for (const name of seen.keys()) if (!listed.has(name)) problems.push(`${name}: not in the manifest`);
  return {
    ok: problems.length === 0,
    entries: manifest.entries.length,
    bytes,
    manifestSha256: createHash("sha256").update(mb).digest("hex"),
    about: manifest.about ?? {},
    problems,
  };
}

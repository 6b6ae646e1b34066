import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileStore } from "@tus/file-store";
import { ERRORS, type Upload } from "@tus/server";
import { logger } from "~/lib/logger.server";
import { UPLOAD_ID_PATTERN } from "./schemas";
import { FramingWalker, type FramingVerdict } from "./framing-walker";

/** What finalise needs of a complete upload, computed while it streamed in (written as `<id>.digest`). */
export interface UploadDigest {
  size: number;
  sha256: string;
  framing: FramingVerdict;
}

interface Running {
  /** Bytes hashed so far (always a prefix of the file on disk). */
  offset: number;
  hash: Hash;
  walker: FramingWalker;
}

/**
 * The digest of a file read from disk: the fallback for an upload whose digest was not recorded (completed
 * before this store was deployed). Reads the whole file once.
 */
export async function computeUploadDigest(filePath: string, size: number): Promise<UploadDigest> {
  const state = fresh();
  await pipeline(createReadStream(filePath, { highWaterMark: 1 << 20 }), meter(state, false));
  return { size: state.offset, sha256: state.hash.digest("hex"), framing: state.walker.finish(size) };
}

const fresh = (): Running => ({ offset: 0, hash: createHash("sha256"), walker: new FramingWalker() });

/**
 * A stream step feeding each chunk to `state` (hash, framing walker, offset); passes it on when `passOn`,
 * telling `onBytes` how many bytes went by.
 */
function meter(state: Running, passOn: boolean, onBytes?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      state.hash.update(chunk);
      state.walker.update(chunk);
      state.offset += chunk.length;
      onBytes?.(chunk.length);
      cb(null, passOn ? chunk : undefined);
    },
  });
}

/** fsync of an upload's bytes (finalise calls it before linking: the receipt must not outlive a crash). */
export async function syncUploadFile(filePath: string): Promise<void> {
  const fh = await open(filePath, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Bytes a PATCH may hold in memory ahead of the disk. With the stream default (16 KiB) each 64 KiB socket
 * chunk waited for the previous write's thread-pool round trip through five stream layers (Remix's body,
 * tus's proxy and limiter, the meter); 1 MiB lets the socket keep reading while a write is in flight and
 * lets the file stream batch chunks into one writev (bench bids [2]). Bounded: at most this per open PATCH.
 */
const WRITE_BUFFER = 1 << 20;

/** Bytes written between two background flushes of a long PATCH. */
export const FLUSH_EVERY = 32 << 20;

/**
 * Flushes an upload to disk while it streams in: an fsync every FLUSH_EVERY bytes (one at a time, in the
 * background) and one after the last byte. Without the periodic ones a 1 GiB PATCH left 1 GiB of dirty
 * pages for finalise's fsync to wait on (1.5 s, issue 15's goal is < 200 ms whatever the size); with them,
 * at most about FLUSH_EVERY is left. A bid of a few MiB never reaches the first step: one fsync, after.
 */
export class BackgroundFlusher {
  private unflushed = 0;
  private running = false;

  constructor(
    private readonly filePath: string,
    private readonly uploadId: string,
    private readonly sync: (filePath: string) => Promise<void> = syncUploadFile,
  ) {}

  wrote(n: number): void {
    this.unflushed += n;
    if (this.unflushed >= FLUSH_EVERY && !this.running) {
      this.running = true;
      this.unflushed = 0;
      void this.flush().finally(() => (this.running = false));
    }
  }

  /** After the last byte of the PATCH: not awaited, the PATCH answers as fast as a bare write. */
  finish(): void {
    void this.flush();
  }

  private flush(): Promise<void> {
    return this.sync(this.filePath).catch((err: unknown) => logger.warn({ err, uploadId: this.uploadId }, "background fsync of an upload failed"));
  }
}

/** Running states kept for unfinished uploads; beyond this many, the oldest is dropped (it re-hashes on resume). */
const MAX_RUNNING = 5_000;

const digestPath = (filePath: string) => `${filePath}.digest`;

/**
 * @tus/file-store that hashes (SHA-256) and walks the envelope framing of the bytes as they are written, so
 * that finalising a bid never reads its bytes again (issue 15). The running state lives in this process,
 * keyed by upload; each PATCH continues it. When a PATCH starts at an offset the state has not reached (a
 * restart, another web instance took the previous PATCH, or the state was dropped), the missing prefix is
 * read back from disk first — resuming costs a re-read of what is already there, finalising costs nothing.
 * An interrupted PATCH leaves the state as it was before it (a checkpoint); the next one catches up from the
 * file, whose length tus reports as the offset. Each PATCH starts an fsync of the file in the background;
 * finalise fsyncs again before linking (cheap: the pages are usually clean by then). When the last byte
 * arrives, the digest and framing verdict go to `<id>.digest` next to the upload (atomically).
 */
export class HashingFileStore extends FileStore {
  private running = new Map<string, Running>();

  override async create(file: Upload): Promise<Upload> {
    const created = await super.create(file);
    this.remember(file.id, fresh());
    return created;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const filePath = this.pathOf(id);
    const before = await this.catchUp(id, filePath, offset);
    // Work on a copy: if this PATCH fails half-way, `before` is still a true prefix state.
    const state: Running = { offset, hash: before.hash.copy(), walker: before.walker.clone() };
    try {
      // Flushed in the background, not before answering the PATCH: the upload stays as fast as a bare
      // write, and the fsync finalise makes (syncUploadFile) finds little or nothing left to flush.
      const flusher = new BackgroundFlusher(filePath, id);
      await pipeline(readable, meter(state, true, (n) => flusher.wrote(n)), createWriteStream(filePath, { flags: "r+", start: offset, highWaterMark: WRITE_BUFFER }));
      flusher.finish();
    } catch (err) {
      logger.warn({ err, uploadId: id }, "upload write failed");
      throw ERRORS.FILE_WRITE_ERROR;
    }
    const size = (await this.configstore.get(id))?.size;
    if (size !== undefined && state.offset === size) {
      await this.writeDigest(filePath, { size, sha256: state.hash.copy().digest("hex"), framing: state.walker.finish(size) });
      this.running.delete(id);
    } else {
      this.remember(id, state);
    }
    return state.offset;
  }

  override async remove(id: string): Promise<void> {
    this.running.delete(id);
    await rm(digestPath(this.pathOf(id)), { force: true });
    await super.remove(id);
  }

  /** The digest of a complete upload, or null if none was recorded (then the caller computes it). */
  async readDigest(id: string): Promise<UploadDigest | null> {
    try {
      return JSON.parse(await readFile(digestPath(this.pathOf(id)), "utf8")) as UploadDigest;
    } catch {
      return null;
    }
  }

  /** Forgets an upload's in-memory state (its files are handled by the caller). */
  forget(id: string): void {
    this.running.delete(id);
  }

  /** The state at `offset`: the kept one, advanced over bytes it has not seen, or rebuilt from the file. */
  private async catchUp(id: string, filePath: string, offset: number): Promise<Running> {
    let state = this.running.get(id);
    if (state && state.offset > offset) state = undefined; // cannot happen with tus (append only); be safe
    state ??= fresh();
    if (state.offset < offset) {
      const from = state.offset;
      await pipeline(createReadStream(filePath, { start: from, end: offset - 1, highWaterMark: 1 << 20 }), meter(state, false));
      if (state.offset !== offset) throw ERRORS.FILE_WRITE_ERROR; // the file is shorter than tus says
      logger.info({ uploadId: id, from, to: offset }, "upload resumed: re-hashed bytes not seen by this process");
    }
    return state;
  }

  private pathOf(id: string): string {
    if (!UPLOAD_ID_PATTERN.test(id)) throw ERRORS.FILE_NOT_FOUND;
    return path.join(this.directory, id);
  }

  private remember(id: string, state: Running) {
    this.running.delete(id);
    this.running.set(id, state);
    if (this.running.size > MAX_RUNNING) this.running.delete(this.running.keys().next().value!);
  }

  private async writeDigest(filePath: string, d: UploadDigest) {
    const tmp = `${digestPath(filePath)}.tmp`;
    await writeFile(tmp, JSON.stringify(d), { mode: 0o640 });
    await rename(tmp, digestPath(filePath));
  }
}

import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, link, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getEnv } from "./env.server";

/**
 * Where document bytes live. Local disk by default; an S3-compatible store would implement the same four
 * calls. Keys are relative, slash-separated names chosen by the app (never by a user).
 */
export interface Storage {
  /** Writes atomically (a reader sees the whole file or nothing); returns the size and SHA-256 (hex) of what was written. */
  put(key: string, data: Readable | Buffer): Promise<{ size: number; sha256: string }>;
  /** Streams the bytes; the stream errors (ENOENT) when the key does not exist. */
  get(key: string): Readable;
  exists(key: string): Promise<boolean>;
  /**
   * Makes an existing local file (already fsynced by its writer) available under `key` without reading it:
   * a hard link on the same volume, a copy otherwise. The source stays; the caller removes it when done.
   */
  adopt(key: string, sourcePath: string): Promise<void>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every stored object under a key prefix ("bids/"), with its last change (the later of mtime and ctime:
   * an adopted file keeps its writer's mtime, but linking it changed its ctime), for sweeps. Includes
   * `.tmp-*` leftovers of interrupted writes (the key then names the temp file; `partial: true`).
   */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date; size: number; partial: boolean }>;
}

/** fsync of a file or directory by path. */
async function fsyncPath(p: string): Promise<void> {
  const fh = await open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The temp file of an interrupted put (listed by `list`, so that a sweep can delete it). */
const TEMP_SEGMENT = /^\.tmp-[0-9a-f]{16}$/;

/** Refuses anything that could leave the storage root: absolute paths, "..", backslashes, empty segments. */
export function assertValidKey(key: string): void {
  const parts = key.split("/");
  const ok =
    key.length > 0 &&
    key.length <= 300 &&
    parts.every((p, i) => (SEGMENT.test(p) || (i === parts.length - 1 && TEMP_SEGMENT.test(p))) && !p.includes("..") && p !== ".");
  if (!ok) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
}

export class LocalDiskStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file behind a key, for readers that need random access (ZIP verification). */
  localPath(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    const p = path.resolve(this.root, key);
    // Belt and braces on top of the key check: the resolved path must stay under the root.
    if (!p.startsWith(this.root + path.sep)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    return p;
  }

  async put(key: string, data: Readable | Buffer): Promise<{ size: number; sha256: string }> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    // The temp file sits in the same directory so that rename() is atomic (same file system).
    const tmp = path.join(dir, `.tmp-${randomBytes(8).toString("hex")}`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      // Streaming keeps memory flat whatever the file size.
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      await pipeline(source, meter, createWriteStream(tmp, { flags: "wx", mode: 0o640 }));
      // fsync the file, rename, then fsync the directory: after a crash the file is either absent or whole.
      const fh = await open(tmp, "r");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
      const dh = await open(dir, "r");
      try {
        await dh.sync();
      } finally {
        await dh.close();
      }
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { size, sha256: hash.digest("hex") };
  }

  async adopt(key: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    try {
      await link(sourcePath, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      await this.put(key, createReadStream(sourcePath, { highWaterMark: 1 << 20 })); // another volume: copy
      return;
    }
    await chmod(target, 0o640);
    // The new name must survive a crash: fsync the directory entry (shared with the links made meanwhile).
    await this.syncDir(dir);
  }

  /** Directories with an fsync running, and whether another must follow it (links made after it began). */
  private dirSyncs = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

  /**
   * fsync of a directory, group-committed: a caller whose link was made while an fsync of the same
   * directory is already running waits for ONE more fsync started after it (the running one may have
   * begun before its link); everyone arriving meanwhile shares that one. In a deadline rush most finalises
   * of a lot share their directory's fsync instead of paying one each.
   */
  private syncDir(dir: string): Promise<void> {
    const state = this.dirSyncs.get(dir);
    if (!state) {
      const running = fsyncPath(dir).finally(() => {
        const s = this.dirSyncs.get(dir);
        if (s?.next) this.dirSyncs.set(dir, { running: s.next });
        else this.dirSyncs.delete(dir);
      });
      this.dirSyncs.set(dir, { running });
      return running;
    }
    state.next ??= state.running.then(
      () => this.chainedSync(dir),
      () => this.chainedSync(dir),
    );
    return state.next;
  }

  /** The follow-up fsync: becomes the running one when it starts (see syncDir). */
  private chainedSync(dir: string): Promise<void> {
    return fsyncPath(dir).finally(() => {
      const s = this.dirSyncs.get(dir);
      if (s?.next) this.dirSyncs.set(dir, { running: s.next });
      else this.dirSyncs.delete(dir);
    });
  }

  get(key: string): Readable {
    return createReadStream(this.pathOf(key), { highWaterMark: 1 << 20 });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date; size: number; partial: boolean }> {
    const base = prefix.replace(/\/+$/, "");
    const start = base ? this.pathOf(base) : this.root;
    const walk = async function* (dir: string, rel: string): AsyncGenerator<{ key: string; modifiedAt: Date; size: number; partial: boolean }> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) yield* walk(full, key);
        else if (e.isFile()) {
          const st = await stat(full).catch(() => null);
          if (st) yield { key, modifiedAt: new Date(Math.max(st.mtimeMs, st.ctimeMs)), size: st.size, partial: e.name.startsWith(".tmp-") };
        }
      }
    };
    yield* walk(start, base);
  }
}

const cache = new Map<string, Storage>();

/** The storage of this process, under STORAGE_DIR (tests point STORAGE_DIR at a temp directory). */
export function getStorage(): Storage {
  const root = path.resolve(getEnv().STORAGE_DIR);
  let s = cache.get(root);
  if (!s) {
    s = new LocalDiskStorage(root);
    cache.set(root, s);
  }
  return s;
}

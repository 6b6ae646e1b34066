import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

/** Every fsync of a directory, with when it started; each takes 100 ms so that adopts pile up behind it. */
const dirSyncs: number[] = [];
vi.mock("node:fs/promises", async (importOriginal) => {
  const fsp = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof fsp.open = async (...args) => {
    const fh = await fsp.open(...args);
    if (!(await fh.stat()).isDirectory()) return fh;
    const sync = fh.sync.bind(fh);
    fh.sync = async () => {
      dirSyncs.push(performance.now());
      await new Promise((r) => setTimeout(r, 100));
      return sync();
    };
    return fh;
  };
  return { ...fsp, default: { ...fsp, open }, open };
});

const { LocalDiskStorage } = await import("~/lib/storage.server");

describe("adopt: the directory fsync is group-committed", () => {
  it("links made while an fsync runs share ONE fsync started after them; a later link gets its own", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ggzy-adopt-"));
    const storage = new LocalDiskStorage(root);
    const src = (i: number) => {
      const f = path.join(root, `upload-${i}`);
      writeFileSync(f, `bid ${i}`);
      return f;
    };
    await storage.adopt("bids/lot/first.sealed", src(0)); // creates the directory: one fsync
    dirSyncs.length = 0;

    const first = storage.adopt("bids/lot/a.sealed", src(1));
    await vi.waitFor(() => expect(dirSyncs).toHaveLength(1)); // its fsync is running
    const calledAt = performance.now();
    const done: number[] = [];
    await Promise.all([first, ...Array.from({ length: 20 }, (_, i) => storage.adopt(`bids/lot/b${i}.sealed`, src(i + 2)).then(() => done.push(performance.now())))]);
    // 21 links, a few fsyncs (2 when all links land during the first; a loaded machine may spread them).
    expect(dirSyncs.length).toBeLessThanOrEqual(4);
    // Each waited for an fsync begun after the running one (whose start may predate its link).
    for (const t of done) expect(dirSyncs.some((s) => s > calledAt && s < t)).toBe(true);
    const count = dirSyncs.length;
    for (let i = 0; i < 20; i++) expect(existsSync(path.join(root, `bids/lot/b${i}.sealed`))).toBe(true);

    await storage.adopt("bids/lot/c.sealed", src(99));
    expect(dirSyncs).toHaveLength(count + 1);
  });
});

import { describe, expect, it } from "vitest";
import { BackgroundFlusher, FLUSH_EVERY } from "~/domain/bids/hashing-file-store.server";

/** Issue 15: a long PATCH is flushed as it goes, so finalise's fsync of a 1 GiB bid has little left to do. */
describe("BackgroundFlusher", () => {
  const recorder = () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const sync = (f: string) => (calls.push(f), new Promise<void>((r) => (release = r)));
    return { calls, sync, release: () => release() };
  };

  it("starts one fsync per FLUSH_EVERY bytes, never two at once, and one after the last byte", async () => {
    const r = recorder();
    const f = new BackgroundFlusher("/up/x", "x", r.sync);
    f.wrote(FLUSH_EVERY - 1);
    expect(r.calls).toHaveLength(0); // a bid of a few MiB: nothing during the PATCH
    f.wrote(1);
    expect(r.calls).toHaveLength(1);
    f.wrote(FLUSH_EVERY * 3); // the first is still running: no second one queued behind it
    expect(r.calls).toHaveLength(1);
    r.release();
    await new Promise((res) => setImmediate(res));
    f.wrote(FLUSH_EVERY);
    expect(r.calls).toHaveLength(2);
    f.finish();
    expect(r.calls).toEqual(["/up/x", "/up/x", "/up/x"]);
  });

  it("a failed fsync is logged, not thrown into the upload", async () => {
    const f = new BackgroundFlusher("/up/y", "y", () => Promise.reject(new Error("EIO")));
    f.wrote(FLUSH_EVERY);
    f.finish();
    await new Promise((res) => setImmediate(res));
  });
});

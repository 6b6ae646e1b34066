import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { LocalDiskStorage } from "~/lib/storage.server";

const root = mkdtempSync(path.join(tmpdir(), "ggzy-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const storage = new LocalDiskStorage(root);

async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("LocalDiskStorage", () => {
  it("puts a buffer and returns its size and SHA-256; get streams it back; delete removes it", async () => {
    const data = Buffer.from("交易文件 hello");
    const r = await storage.put("documents/2026/11/a.pdf", data);
    expect(r).toEqual({ size: data.length, sha256: createHash("sha256").update(data).digest("hex") });
    expect(await storage.exists("documents/2026/11/a.pdf")).toBe(true);
    expect((await readAll(storage.get("documents/2026/11/a.pdf"))).equals(data)).toBe(true);
    await storage.delete("documents/2026/11/a.pdf");
    expect(await storage.exists("documents/2026/11/a.pdf")).toBe(false);
    await storage.delete("documents/2026/11/a.pdf"); // idempotent
  });

  it("streams a large upload with flat memory", async () => {
    const chunk = Buffer.alloc(1 << 20, 7);
    const total = 64;
    let i = 0;
    const src = new Readable({
      read() {
        this.push(i++ < total ? chunk : null);
      },
    });
    const before = process.memoryUsage().rss;
    const r = await storage.put("big/file.bin", src);
    expect(r.size).toBe(total << 20);
    // 64 MiB went through; resident memory must not have grown by anything like that.
    expect(process.memoryUsage().rss - before).toBeLessThan(32 << 20);
  });

  it("leaves neither the file nor a temp file when the source fails half-way", async () => {
    let n = 0;
    const src = new Readable({
      read() {
        if (n++ < 3) this.push(Buffer.alloc(1000, 1));
        else this.destroy(new Error("client went away"));
      },
    });
    await expect(storage.put("broken/x.pdf", src)).rejects.toThrow("client went away");
    expect(await storage.exists("broken/x.pdf")).toBe(false);
    expect(readdirSync(path.join(root, "broken"))).toEqual([]);
  });

  it("never overwrites in place: a reader sees the old or the new file, whole", async () => {
    await storage.put("swap/doc.pdf", Buffer.from("old"));
    await storage.put("swap/doc.pdf", Buffer.from("new content"));
    expect((await readAll(storage.get("swap/doc.pdf"))).toString()).toBe("new content");
    expect(readdirSync(path.join(root, "swap"))).toEqual(["doc.pdf"]);
  });

  it.each(["../outside.pdf", "a/../../outside.pdf", "/etc/passwd", "a\\..\\b", "", "a//b", ".tmp-x"])("refuses key %j", async (key) => {
    await expect(storage.put(key, Buffer.from("x"))).rejects.toThrow(/Invalid storage key/);
    expect(() => storage.get(key)).toThrow(/Invalid storage key/);
  });
});

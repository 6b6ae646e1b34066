import { describe, expect, it } from "vitest";
import { readJson } from "~/web/bids/api-response.server";

/**
 * Issue 13 point 9: the JSON body limit holds while reading — a body without (or lying about) its
 * Content-Length is cut off at the limit, not read whole into memory first.
 */
describe("readJson", () => {
  it("stops reading an oversized body at the limit (413) whatever Content-Length says", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += chunk.byteLength;
        if (pulled > 8 * 1024 * 1024) c.close();
        else c.enqueue(chunk);
      },
    });
    const req = new Request("http://localhost/api/v1/bids", { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    await expect(readJson(req, 64 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(256 * 1024);
  });

  it("still parses a small body", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(await readJson(req)).toEqual({ a: 1 });
  });
});

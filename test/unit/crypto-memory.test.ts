// Streaming must keep memory flat: a 64 MiB bid sealed and opened end to end (seal stream piped
// straight into open) must not hold the bid in memory. We sample ArrayBuffer memory throughout.
import { describe, expect, it } from "vitest";
import { openBid, sealBid } from "~/domain/crypto";
import { newBidder, samplePriceSheet } from "./crypto-helpers";

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;

/** 64 MiB produced on demand, 64 KiB at a time (never materialised). */
function generated(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= total) return c.close();
      const n = Math.min(64 * 1024, total - sent);
      const piece = new Uint8Array(n);
      for (let i = 0; i < n; i += 4096) piece[i] = (sent + i) & 0xff;
      sent += n;
      c.enqueue(piece);
    },
  });
}

describe("sealed-bid streaming memory", () => {
  it("seals and opens 64 MiB with 1 MiB chunks without ballooning ArrayBuffer memory", async () => {
    const bidder = await newBidder();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - base));

    const sealed = sealBid({
      lotId: "LOT-MEM",
      recipientPublicKey: bidder.spki,
      priceSheet: samplePriceSheet,
      files: [{ name: "big.bin", size: TOTAL, stream: generated(TOTAL) }],
    });
    const opened = await openBid(sealed.stream, bidder.keyPair.privateKey);
    let received = 0;
    for await (const f of opened.files) {
      const reader = f.stream.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        received += r.value.byteLength;
        sample();
      }
    }
    const result = await opened.done();
    const seal = await sealed.result;
    expect(received).toBe(TOTAL);
    expect(result.plaintextSha256).toBe(seal.plaintextSha256);
    expect(result.ciphertextSha256).toBe(seal.ciphertextSha256);
    expect(result.chunkCount).toBe(65);
    // A few chunks in flight plus garbage not yet collected; holding the bid would be ≥ 64 MiB.
    console.log(`peak ArrayBuffer growth: ${(peak / MiB).toFixed(1)} MiB for a ${TOTAL / MiB} MiB bid`);
    expect(peak).toBeLessThan(32 * MiB);
  }, 60_000);
});

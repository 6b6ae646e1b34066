import { describe, expect, it } from "vitest";
import { noteStorageProblem, storageIntegrity, storageReport } from "~/lib/storage-integrity.server";

describe("storage integrity for /healthz and /readyz", () => {
  it("samples rows at most every ten minutes and reports a missing file as a mismatch, never waiting long", async () => {
    let sampled = 0;
    const sample = async () => {
      sampled++;
      return [{ id: "a", storageKey: "documents/a.pdf" }, { id: "b", storageKey: "documents/b.pdf" }];
    };
    const r = await storageReport(sample, async (k) => k !== "documents/b.pdf");
    expect(r).toMatchObject({ status: "mismatch", sample: { rows: 2, missing: ["b"] } });
    await storageReport(sample, async () => true);
    expect(sampled).toBe(1); // cached: health checks stay cheap

    // A hung storage does not hold up the answer.
    (globalThis as { __storageSample?: unknown }).__storageSample = undefined;
    const t0 = Date.now();
    const slow = await storageReport(() => new Promise(() => {}), async () => true, 50);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(slow.status).toBe("unchecked");
  });

  it("counts what serving found, process-wide", () => {
    const before = storageIntegrity().damaged;
    noteStorageProblem("damaged", "lost");
    expect(storageIntegrity()).toMatchObject({ damaged: before + 1 });
    expect(storageIntegrity().lastProblemAt).not.toBeNull();
  });
});

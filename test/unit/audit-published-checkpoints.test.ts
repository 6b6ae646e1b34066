import { describe, expect, it } from "vitest";
import { checkPublishedCheckpoints } from "~/domain/audit/check-published-checkpoints";

const G = "0".repeat(64);
const h = (c: string) => c.repeat(64);
const list = [
  { day: "2026-12-03", headSeq: "10", headHash: h("b"), count: "10" },
  { day: "2026-12-01", headSeq: "0", headHash: G, count: "0" },
  { day: "2026-12-02", headSeq: "10", headHash: h("b"), count: "10" },
  { day: "2026-12-04", headSeq: "25", headHash: h("c"), count: "25" },
];
const failed = (r: ReturnType<typeof checkPublishedCheckpoints>) => r.checks.filter((c) => !c.ok).map((c) => c.id);

describe("checkPublishedCheckpoints (run in the visitor's browser on /audit/checkpoints)", () => {
  it("accepts an honest list, in any order, wrapped as published or bare", () => {
    expect(checkPublishedCheckpoints({ checkpoints: list }, G)).toMatchObject({ ok: true });
    expect(checkPublishedCheckpoints(list, G).checks.map((c) => c.id)).toEqual(["read", "genesis", "forward", "idleDay", "count"]);
  });
  it("catches truncation, a second hash for one entry, a wrong count and a wrong genesis", () => {
    expect(failed(checkPublishedCheckpoints([...list.slice(0, 3), { ...list[3]!, headSeq: "5", count: "5" }], G))).toEqual(["forward"]);
    expect(failed(checkPublishedCheckpoints([list[1]!, list[2]!, { ...list[0]!, headHash: h("d") }], G))).toEqual(["idleDay"]);
    expect(failed(checkPublishedCheckpoints([{ ...list[3]!, count: "24" }], G))).toEqual(["count"]);
    expect(failed(checkPublishedCheckpoints([{ ...list[1]!, headHash: h("e") }], G))).toEqual(["genesis"]);
  });
  it("compares with a list saved earlier: unchanged passes; a changed or removed day fails", () => {
    const saved = list.slice(0, 3);
    expect(checkPublishedCheckpoints(list, G, saved)).toMatchObject({ ok: true });
    const rewritten = list.map((c) => (c.day === "2026-12-02" ? { ...c, headHash: h("f") } : c));
    expect(failed(checkPublishedCheckpoints(rewritten, G, saved))).toContain("savedChanged");
    expect(failed(checkPublishedCheckpoints(list.filter((c) => c.day !== "2026-12-01"), G, saved))).toEqual(["savedMissing"]);
  });
  it("refuses what is not a checkpoint list", () => {
    expect(() => checkPublishedCheckpoints({ nope: 1 }, G)).toThrow();
    expect(() => checkPublishedCheckpoints([{ day: "x" }], G)).toThrow();
  });
});

import { describe, expect, it } from "vitest";
import {
  canonicalCodes, commitmentOf, Drbg, drawSelection, finalSeedOf, partialFisherYates, poolDigest, shortfalls, toHex,
} from "~/domain/draw/draw-algorithm";
import { verifyDrawProof, type DrawProof } from "~/domain/draw/verify-proof";

/** Test vectors of docs/expert-draw.md (seed bytes 00 01 … 1f, entropy "dice 3-5-6-1"). */
const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const ENTROPY = "dice 3-5-6-1";
const DRAW_ID = "00000000-0000-4000-8000-000000000001";
const codes = (n: number, prefix = "E-") => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, "0")}`);

describe("ggzy-draw-v1 vectors", () => {
  it("commitment and final seed", () => {
    expect(commitmentOf(SEED)).toBe("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
    expect(toHex(finalSeedOf(SEED, ENTROPY, DRAW_ID))).toBe("725b388c514b00f2de975f242a4027627f7f9ac2d0ca846ec8ae51f25b46d6a2");
    // The draw id is hashed in lower case whatever the caller passes.
    expect(finalSeedOf(SEED, ENTROPY, DRAW_ID.toUpperCase())).toEqual(finalSeedOf(SEED, ENTROPY, DRAW_ID));
  });

  it("DRBG stream: first word of HMAC(finalSeed, 'ggzy-draw-v1' ‖ 00000000)", () => {
    const rng = new Drbg(finalSeedOf(SEED, ENTROPY, DRAW_ID));
    expect(rng.nextUint32()).toBe(3818882992); // 0xe39f87b0
    const a = new Drbg(finalSeedOf(SEED, ENTROPY, DRAW_ID));
    const b = new Drbg(finalSeedOf(SEED, ENTROPY, DRAW_ID));
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(new Set(xs).size).toBeGreaterThan(95);
  });

  it("selection vector (frozen: any change of the algorithm breaks every published proof)", () => {
    const { selection } = drawSelection(finalSeedOf(SEED, ENTROPY, DRAW_ID), [
      { specialtyCode: "A0201", members: 3, backups: 1, codes: codes(20) },
      { specialtyCode: "A0202", members: 2, backups: 1, codes: codes(20) },
    ]);
    expect(selection).toMatchInlineSnapshot(`
      [
        {
          "backups": [
            "E-0000009",
          ],
          "members": [
            "E-0000012",
            "E-0000011",
            "E-0000000",
          ],
          "specialtyCode": "A0201",
        },
        {
          "backups": [
            "E-0000001",
          ],
          "members": [
            "E-0000002",
            "E-0000003",
          ],
          "specialtyCode": "A0202",
        },
      ]
    `);
    const all = selection.flatMap((s) => [...s.members, ...s.backups]);
    expect(new Set(all).size).toBe(all.length); // an expert in two pools is drawn at most once
  });
});

describe("sampling", () => {
  it("uniform() is unbiased: chi-square over 6 buckets stays small", () => {
    const rng = new Drbg(Buffer.alloc(32, 7));
    const n = 60_000;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) counts[rng.uniform(6)]++;
    const chi = counts.reduce((s, c) => s + (c - n / 6) ** 2 / (n / 6), 0);
    expect(chi).toBeLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  });

  it("rejects the biased tail: n = 3·2^30 rejects words ≥ 3·2^30", () => {
    const words = [0xffff_ffff, 0xc000_0000, 5];
    const fake = Object.create(Drbg.prototype) as Drbg;
    Object.assign(fake, { words: 0, nextUint32: () => words.shift()! });
    expect(fake.uniform(3 * 2 ** 30)).toBe(5);
    expect(words).toEqual([]);
  });

  it("partial Fisher–Yates: distinct picks, every position reachable, input untouched", () => {
    const items = codes(10);
    const rng = new Drbg(Buffer.alloc(32, 1));
    const seenFirst = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = partialFisherYates(items, 4, rng);
      expect(new Set(p).size).toBe(4);
      seenFirst.add(p[0]!);
    }
    expect(seenFirst.size).toBe(10);
    expect(items).toEqual(codes(10));
    expect(() => partialFisherYates(items, 11, rng)).toThrow(RangeError);
  });
});

describe("pools", () => {
  it("canonical order is byte order and the digest covers the joined list", () => {
    expect(canonicalCodes(["E-B", "E-a", "E-A", "E-B"])).toEqual(["E-A", "E-B", "E-a"]);
    expect(poolDigest([])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("shortfalls count the overlap an earlier pool may take", () => {
    const shared = codes(5);
    expect(shortfalls([
      { specialtyCode: "A", members: 3, backups: 0, codes: shared },
      { specialtyCode: "B", members: 3, backups: 1, codes: shared },
    ])).toEqual([{ specialtyCode: "B", needed: 4, available: 2, missing: 2 }]);
    expect(shortfalls([{ specialtyCode: "A", members: 5, backups: 0, codes: shared }])).toEqual([]);
  });
});

describe("verifyDrawProof", () => {
  const pools = [{ specialtyCode: "A0201", members: 2, backups: 1, codes: codes(8) }];
  const { selection } = drawSelection(finalSeedOf(SEED, ENTROPY, DRAW_ID), pools);
  const proof: DrawProof = {
    drawId: DRAW_ID, algorithm: "ggzy-draw-v1", kind: "INITIAL", seq: 1, status: "FINAL",
    commitment: commitmentOf(SEED), serverSeed: SEED.toString("hex"), entropy: ENTROPY,
    finalSeed: toHex(finalSeedOf(SEED, ENTROPY, DRAW_ID)),
    pools: pools.map((p, position) => ({ ...p, position, digest: poolDigest(p.codes), count: p.codes.length })),
    selection,
  };
  it("accepts the honest proof", () => expect(verifyDrawProof(proof)).toMatchObject({ ok: true, problems: [] }));
  it("catches a seed that does not match the commitment", () => {
    expect(verifyDrawProof({ ...proof, serverSeed: "00".repeat(32) }).problems).toContain("commitment ≠ SHA-256(serverSeed)");
  });
  it("catches an edited pool and an edited selection", () => {
    const pool = { ...proof.pools[0]!, codes: [...codes(7), "E-ZZZZZZZ"] };
    expect(verifyDrawProof({ ...proof, pools: [pool] }).problems.join()).toContain("digest mismatch");
    const sel = [{ ...selection[0]!, members: [...selection[0]!.members].reverse() }];
    expect(verifyDrawProof({ ...proof, selection: sel }).ok).toBe(false);
  });
});

describe("verifyDrawProof says what it checked (the proof page words each check)", () => {
  const pools = [{ specialtyCode: "A0201", members: 2, backups: 1, codes: codes(8) }];
  const { selection } = drawSelection(finalSeedOf(SEED, ENTROPY, DRAW_ID), pools);
  const proof: DrawProof = {
    drawId: DRAW_ID, algorithm: "ggzy-draw-v1", kind: "INITIAL", seq: 1, status: "FINAL",
    commitment: commitmentOf(SEED), serverSeed: toHex(SEED), entropy: ENTROPY,
    finalSeed: toHex(finalSeedOf(SEED, ENTROPY, DRAW_ID)),
    pools: pools.map((p, position) => ({ ...p, position, digest: poolDigest(p.codes), count: p.codes.length })),
    selection,
  };
  it("lists commitment, entropy, pool order and digest, and the replay per specialty, all passed", () => {
    const r = verifyDrawProof(proof);
    expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
      ["commitment", true], ["finalSeed", true], ["poolOrder", true], ["poolDigest", true], ["replay", true],
    ]);
    expect(r.checks[1]!.params.entropy).toBe(ENTROPY);
  });
  it("a changed entropy fails the final seed and the replay, not the commitment", () => {
    const r = verifyDrawProof({ ...proof, entropy: "dice 3-5-6-2" });
    expect(r.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["finalSeed", "replay"]);
  });
  it("a proof not yet revealed says so instead of failing silently", () => {
    expect(verifyDrawProof({ ...proof, serverSeed: null }).checks).toEqual([{ id: "revealed", ok: false, params: {} }]);
  });
});

import { describe, expect, it } from "vitest";
import { canonicalJson, digestOf, GENESIS_HASH, sha256Hex } from "~/domain/audit/canonical";
import { chainHash, chainHashTuple, chainRowFromTuple, tupleMatches, type EntryTuple } from "~/domain/audit/chain-hash";

const ms = (iso: string) => String(Date.parse(iso));

const tuple: EntryTuple = [
  "42",
  ms("2026-11-23T03:04:05.678Z"),
  "6f1c1f34-2a5e-4d5b-9a35-0c7e7f9b1a01",
  "BIDDER",
  null,
  "bid.submitted",
  "bid",
  "B-17",
  null,
  "9f2c1e4b7a5d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3",
  `{"lotNo": 3, "remark": "投标文件 \\"已\\" 上传\\n", "a": [1, {"z": true, "b": null}], "10": 1, "9": 2}`,
  "10.0.0.1",
  "Mozilla/5.0",
];

describe("canonical JSON", () => {
  it("sorts keys by code unit, drops undefined members, writes bigint and Date as strings", () => {
    expect(canonicalJson({ b: 1, a: [undefined, 2n], c: undefined, d: new Date("2026-01-02T03:04:05.006Z"), "10": 0, "9": 0 })).toBe(
      '{"10":0,"9":0,"a":[null,"2"],"b":1,"d":"2026-01-02T03:04:05.006Z"}',
    );
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it("gives one digest for equal values whatever the key order", () => {
    expect(digestOf({ a: 1, b: { c: [1, 2] } })).toBe(digestOf({ b: { c: [1, 2] }, a: 1 }));
    expect(digestOf({ a: 1 })).not.toBe(digestOf({ a: 2 }));
    expect(digestOf(null)).toBeNull();
  });
});

describe("chain hash", () => {
  it("is sha256(prevHash + newline + canonical JSON of the 14 fields)", () => {
    const row = chainRowFromTuple("7", tuple);
    const expected = sha256Hex(`${GENESIS_HASH}\n${canonicalJson(row)}`);
    expect(chainHash(GENESIS_HASH, row)).toBe(expected);
    expect(Object.keys(row).sort()).toEqual(
      ["action", "actorId", "actorOrgId", "actorRole", "afterDigest", "at", "beforeDigest", "detail", "entityId",
        "entityType", "id", "ip", "seq", "userAgent"],
    );
  });

  it("has a fast path that gives the same bytes", () => {
    for (const prev of [GENESIS_HASH, "a".repeat(64)])
      expect(chainHashTuple(prev, "7", tuple)).toBe(chainHash(prev, chainRowFromTuple("7", tuple)));
    const nulls: EntryTuple = ["1", tuple[1], null, "SYSTEM", null, "x", "t", "1", null, null, "{}", "", ""];
    expect(chainHashTuple(GENESIS_HASH, "1", nulls)).toBe(chainHash(GENESIS_HASH, chainRowFromTuple("1", nulls)));
    expect(chainRowFromTuple("1", nulls).at).toBe("2026-11-23T03:04:05.678Z");
  });

  it("agrees with the reference on awkward text (quotes, backslashes, control characters, non-BMP)", () => {
    const nasty = ['"', "\\", "\u0001\n\t\u007f\u001f", "投标\u2028文件", "😀", 'a"b\\c', "", " ", "\u00e9"];
    for (const [i, s] of nasty.entries()) {
      const t: EntryTuple = ["9", ms("1999-12-31T23:59:59.999Z"), null, s, tuple[2], s, s, s, s, null, JSON.stringify({ [s]: s, k: i }), s, s];
      expect(chainHashTuple(GENESIS_HASH, "3", t)).toBe(chainHash(GENESIS_HASH, chainRowFromTuple("3", t)));
    }
  });

  it("changes when any field, the seq or the previous hash changes", () => {
    const base = chainHashTuple(GENESIS_HASH, "7", tuple);
    expect(chainHashTuple("1".repeat(64), "7", tuple)).not.toBe(base);
    expect(chainHashTuple(GENESIS_HASH, "8", tuple)).not.toBe(base);
    for (let i = 0; i < tuple.length; i++) {
      const t = [...tuple] as EntryTuple;
      t[i] = i === 10 ? '{"lotNo": 4}' : i === 1 ? String(Number(t[1]) + 1) : `${t[i] ?? ""}x`;
      expect(chainHashTuple(GENESIS_HASH, "7", t)).not.toBe(base);
    }
  });

  it("matches the worked example in docs/audit-log.md", () => {
    const example: EntryTuple = [
      "1", ms("2026-11-23T03:04:05.678Z"), null, "SYSTEM", null, "audit.checkpoint_written", "AuditCheckpoint",
      "00000000-0000-4000-8000-000000000001", null, null, `{"day": "2026-11-22", "headSeq": "0"}`, "", "daily-checkpoint",
    ];
    expect(chainHashTuple(GENESIS_HASH, "1", example)).toBe(WORKED_EXAMPLE_HASH);
  });
});

describe("verification fast path", () => {
  const canonical = canonicalJson(JSON.parse(tuple[10]));
  const stored: EntryTuple = [...tuple];
  stored[10] = canonical; // what appendAudit writes into the json column
  const sealed = chainHashTuple(GENESIS_HASH, "7", tuple);

  it("accepts the stored canonical text as is, and jsonb-style text after re-canonicalising", () => {
    expect(chainHashTuple(GENESIS_HASH, "7", stored)).toBe(sealed);
    expect(tupleMatches(GENESIS_HASH, "7", stored, sealed)).toBe(true);
    expect(tupleMatches(GENESIS_HASH, "7", tuple, sealed)).toBe(true); // non-canonical spacing and order
  });

  it("refuses any change of a field, the detail, the seq or the previous hash", () => {
    expect(tupleMatches(GENESIS_HASH, "8", stored, sealed)).toBe(false);
    expect(tupleMatches("1".repeat(64), "7", stored, sealed)).toBe(false);
    for (let i = 0; i < stored.length; i++) {
      const t = [...stored] as EntryTuple;
      t[i] = i === 10 ? canonical.replace('"lotNo":3', '"lotNo":4') : i === 1 ? String(Number(t[1]) + 1) : `${t[i] ?? ""}x`;
      expect(tupleMatches(GENESIS_HASH, "7", t, sealed)).toBe(false);
    }
    const broken = [...stored] as EntryTuple;
    broken[10] = "{not json";
    expect(tupleMatches(GENESIS_HASH, "7", broken, sealed)).toBe(false);
  });
});

// Printed in docs/audit-log.md; if the formula changes, both must change (and every chain breaks).
const WORKED_EXAMPLE_HASH = "eab0eb2133ee42a048e9e5da970693ddb5dc1e372cce562165abaf25530dfd52";

describe("epoch milliseconds to ISO", () => {
  it("prints what toISOString prints, across seconds, before 1970 and at the edges of a second", async () => {
    const { isoOfEpochMs } = await import("~/domain/audit/chain-hash");
    for (const iso of ["2026-11-23T03:04:05.678Z", "2026-11-23T03:04:05.008Z", "2026-11-23T03:04:05.000Z", "2026-11-23T03:04:05.999Z",
      "2026-11-23T03:04:06.050Z", "1969-12-31T23:59:59.999Z", "1960-01-01T00:00:00.001Z", "2000-02-29T12:00:00.100Z"])
      expect(isoOfEpochMs(String(Date.parse(iso)))).toBe(iso);
  });
});

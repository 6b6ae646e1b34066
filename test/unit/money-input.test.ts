import { describe, expect, it } from "vitest";
import { exceedsPercent, fenToYuanInput, formatYuan, MAX_FEN, parseYuan, percentOf } from "~/lib/money";

const fen = (s: string) => {
  const r = parseYuan(s);
  if (!r.ok) throw new Error(`${s}: ${r.error}`);
  return r.fen;
};
const err = (s: string) => {
  const r = parseYuan(s);
  return r.ok ? `ok:${r.fen}` : r.error;
};

/** A test that each yuan string reads as the fen beside it. */
const reads = (cases: [string, bigint][]) => () => {
  for (const [s, f] of cases) expect(fen(s), s).toBe(f);
};

describe("parseYuan: yuan strings → integer fen, exactly", () => {
  it("reads whole yuan, one and two decimals", reads([["0", 0n], ["1", 100n], ["1.5", 150n], ["1.05", 105n], ["0.01", 1n], [".5", 50n], ["12.", 1200n]]));

  it("is exact where floating point is not", () => {
    // 0.1 + 0.2 style: 19.99 * 100 = 1998.9999999999998 in binary floating point.
    expect(fen("19.99")).toBe(1999n);
    expect(fen("1.13")).toBe(113n);
    // Large amounts with fen: a float multiplication lands beside the value (4.35 * 100 = 434.99999999999994).
    expect(fen("4.35")).toBe(435n);
    expect(fen("9999999999999.99")).toBe(999999999999999n);
  });

  it("accepts thousands separators, spaces, ¥ and full-width input", reads([["1,234,567.89", 123456789n], [" 1 234 567.89 ", 123456789n], ["1，234", 123400n], ["¥1,000", 100000n], ["￥ 1000.5", 100050n], ["１２３．４５", 12345n], ["007.10", 710n]]));

  it("refuses what it cannot read exactly, naming why", () => {
    expect(err("")).toBe("empty");
    expect(err("   ")).toBe("empty");
    expect(err("1.234")).toBe("decimals");
    expect(err("0.001")).toBe("decimals");
    expect(err("-1")).toBe("negative");
    expect(err("1e6")).toBe("format");
    expect(err("abc")).toBe("format");
    expect(err("1.2.3")).toBe("format");
    expect(err("+5")).toBe("format");
    expect(err("0x10")).toBe("format");
    expect(err(".")).toBe("format");
    expect(err("NaN")).toBe("format");
    expect(err("Infinity")).toBe("format");
  });

  it("stops at the database's ceiling of 10^15 fen", () => {
    expect(fen("10000000000000")).toBe(MAX_FEN);
    expect(err("10000000000000.01")).toBe("tooLarge");
    expect(err("99999999999999999999999999")).toBe("tooLarge");
  });
});

describe("fen → yuan strings", () => {
  it("round-trips through the input form", () => {
    for (const s of ["0.00", "0.01", "1.00", "19.99", "123456789.10", "10000000000000.00"]) {
      expect(fenToYuanInput(fen(s))).toBe(s);
    }
    expect(fenToYuanInput(5n)).toBe("0.05");
    expect(fenToYuanInput("123456")).toBe("1234.56");
  });

  it("formats with thousands separators for reading", () => {
    expect(formatYuan(123456789n)).toBe("1,234,567.89");
    expect(formatYuan(100n)).toBe("1.00");
    expect(formatYuan(-150n)).toBe("-1.50");
  });
});

describe("percentOf / exceedsPercent", () => {
  it("shows the bond ratio rounded half up, computed in integers", () => {
    expect(percentOf(2_000_000n, 100_000_000n)).toBe("2.00");
    expect(percentOf(2_005_000n, 100_000_000n)).toBe("2.01");
    expect(percentOf(2_004_000n, 100_000_000n)).toBe("2.00");
    expect(percentOf(1n, 3n)).toBe("33.33");
    expect(percentOf(30_000_000n, 1_234_567_890n)).toBe("2.43");
    expect(percentOf(0n, 5n)).toBe("0.00");
    expect(percentOf(1n, 0n)).toBeNull();
  });

  it("decides the limit exactly, whatever the display says", () => {
    expect(exceedsPercent(2_000_000n, 100_000_000n, 2n)).toBe(false);
    expect(exceedsPercent(2_000_001n, 100_000_000n, 2n)).toBe(true);
    expect(exceedsPercent(2_004_000n, 100_000_000n, 2n)).toBe(true);
  });
});

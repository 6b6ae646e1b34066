import { describe, expect, it } from "vitest";
import { amountInWords } from "~/lib/money";

describe("amountInWords (大写金额)", () => {
  it.each([
    [123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"],
    [0, "零元整"],
    [1, "壹分"],
    [9, "玖分"],
    [10, "壹角"],
    [50, "伍角"],
    [15, "壹角伍分"],
    [100, "壹元整"],
    [105, "壹元零伍分"],
    [110, "壹元壹角"],
    [1000, "壹拾元整"],
    [1005, "壹拾元零伍分"],
    [1010, "壹拾元零壹角"],
    [1234, "壹拾贰元叁角肆分"],
    [1230, "壹拾贰元叁角"],
    [1034, "壹拾元零叁角肆分"],
    [10100, "壹佰零壹元整"],
    [100010, "壹仟元零壹角"],
    [100015, "壹仟元零壹角伍分"],
    [100100, "壹仟零壹元整"],
    [101000, "壹仟零壹拾元整"],
    [1000000, "壹万元整"],
    [1000100, "壹万零壹元整"],
    [1010000, "壹万零壹佰元整"],
    [1100000, "壹万壹仟元整"],
    [10000000, "壹拾万元整"],
    [100000005, "壹佰万元零伍分"],
    [100010000, "壹佰万零壹佰元整"],
    [1001000000, "壹仟零壹万元整"],
    [10000000000, "壹亿元整"],
    [10000000100, "壹亿零壹元整"],
    [10001000000, "壹亿零壹万元整"],
    [10100000000, "壹亿零壹佰万元整"],
    [11000000000, "壹亿壹仟万元整"],
    [100000000000, "壹拾亿元整"],
    [100000000100, "壹拾亿零壹元整"],
    [120034005600, "壹拾贰亿零叁拾肆万零伍拾陆元整"],
    [120340005600, "壹拾贰亿零叁佰肆拾万零伍拾陆元整"],
    [100000000000000, "壹万亿元整"],
    [120000000000000, "壹万贰仟亿元整"],
    [100000010000000, "壹万亿零壹拾万元整"],
  ])("%i fen → %s", (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it("accepts bigint, including beyond Number.MAX_SAFE_INTEGER", () => {
    expect(amountInWords(123456789n)).toBe("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分");
    expect(amountInWords(BigInt(Number.MAX_SAFE_INTEGER))).toBe(
      "玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分",
    );
    expect(amountInWords(Number.MAX_SAFE_INTEGER)).toBe(amountInWords(BigInt(Number.MAX_SAFE_INTEGER)));
    // 10^16 元 = 1 亿亿
    expect(amountInWords(10n ** 18n)).toBe("壹亿亿元整");
    expect(amountInWords(10n ** 18n + 1n)).toBe("壹亿亿元零壹分");
  });

  it("refuses negative, fractional and unsafe numbers", () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(-1n)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
    expect(() => amountInWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => amountInWords(Number.NaN)).toThrow(RangeError);
  });

  it("never writes two 零 in a row nor ends a section with 零", () => {
    for (let fen = 1; fen < 3_000_000; fen += 997) {
      const w = amountInWords(fen);
      expect(w).not.toMatch(/零零/);
      expect(w).not.toMatch(/零[元万亿整]/);
      expect(w).not.toMatch(/^拾/);
    }
  });
});

import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, validateCreditCode } from "~/domain/accounts/validate-credit-code";

describe("统一社会信用代码 (GB 32100-2015)", () => {
  // Published codes of real organisations (check characters verified by hand against the weights).
  const REAL = [
    "91350100M000100Y43", // 福州 enterprise, letters in the organisation code
    "91440300708461136T", // 深圳 enterprise
    "91110108551385082Q", // 北京海淀 enterprise
    "12100000400000624D", // 机构编制 12: 事业单位
  ];
  it.each(REAL)("accepts %s", (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
  });

  it("computes check characters, including the 0 case and letters", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(creditCodeCheckChar("91440300708461136")).toBe("T");
    // Constructed vectors: every possible 17th character, each completed with its computed check character.
    const base = "9111000010000000";
    for (const c of "0123456789ABCDEFGHJKLMNPQRTUWXY") {
      const code = base + c;
      const full = code + creditCodeCheckChar(code);
      expect(validateCreditCode(full).ok).toBe(true);
    }
  });

  it("normalises lower case and spaces", () => {
    expect(validateCreditCode(" 91350100m000100y43 ")).toEqual({ ok: true, code: "91350100M000100Y43" });
    expect(validateCreditCode("9135 0100 M000 100Y 43")).toEqual({ ok: true, code: "91350100M000100Y43" });
  });

  it("refuses a wrong check character", () => {
    expect(validateCreditCode("91350100M000100Y44")).toMatchObject({ ok: false, problem: "checksum" });
    expect(validateCreditCode("911100001000013066")).toMatchObject({ ok: false, problem: "checksum" });
  });

  it("refuses characters outside the charset (I, O, S, V, Z, punctuation)", () => {
    for (const bad of ["91350100M000100I43", "91350100M000100O43", "91350100M000100S43", "91350100M0001-0Y43", "91350100M000100Z43"]) {
      expect(validateCreditCode(bad)).toMatchObject({ ok: false, problem: "charset" });
    }
  });

  it("refuses wrong lengths", () => {
    expect(validateCreditCode("")).toMatchObject({ ok: false, problem: "length" });
    expect(validateCreditCode("91350100M000100Y4")).toMatchObject({ ok: false, problem: "length" });
    expect(validateCreditCode("91350100M000100Y430")).toMatchObject({ ok: false, problem: "length" });
  });

  it("refuses an unknown registration authority / organisation type pair", () => {
    const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17);
    expect(validateCreditCode(withCheck("B1350100M000100Y4"))).toMatchObject({ ok: false, problem: "authority" });
    expect(validateCreditCode(withCheck("94350100M000100Y4"))).toMatchObject({ ok: false, problem: "authority" });
    expect(validateCreditCode(withCheck("Y2350100M000100Y4"))).toMatchObject({ ok: false, problem: "authority" });
    expect(validateCreditCode(withCheck("93350100M000100Y4")).ok).toBe(true); // 农民专业合作社
    expect(validateCreditCode(withCheck("53350100M000100Y4")).ok).toBe(true); // 基金会
  });

  it("refuses a region code that is not six digits", () => {
    const first17 = "9135A100M000100Y4";
    expect(validateCreditCode(first17 + creditCodeCheckChar(first17))).toMatchObject({ ok: false, problem: "region" });
  });
});

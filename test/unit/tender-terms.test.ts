import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { criteriaProblems, estimateProblems, parseLotTerms } from "~/domain/tenders/lot-terms";
import { formatYuan, parseYuan } from "~/lib/money";
import { searchTerms } from "~/domain/tenders/list-public-tenders";
import { buildTimeline } from "~/domain/tenders/get-public-tender";

describe("amounts in fen", () => {
  it("parses yuan exactly, refuses malformed input", () => {
    const fen = (s: string) => {
      const r = parseYuan(s);
      return r.ok ? r.fen : null;
    };
    expect(fen("1,234,567.89")).toBe(123456789n);
    expect(fen("0.1")).toBe(10n);
    expect(fen(" 100 ")).toBe(10000n);
    expect(fen("9999999999999.99")).toBe(999999999999999n);
    for (const bad of ["", "-1", "1.234", "1e9", "abc", "12345678901234567"]) expect(fen(bad)).toBeNull();
    expect(formatYuan(123456789n)).toBe("1,234,567.89");
    expect(formatYuan(5n)).toBe("0.05");
  });
  it("a zero estimate is refused", () => {
    expect(estimateProblems({ estimatedPriceFen: 0n })[0]?.code).toBe("tenders:errors.estimateNotPositive");
    expect(estimateProblems({ estimatedPriceFen: 1n })).toEqual([]);
  });
});

describe("evaluation criteria", () => {
  it("comprehensive scoring needs unique criteria whose weights sum to 100", () => {
    expect(criteriaProblems("COMPREHENSIVE", [])[0]?.code).toBe("tenders:errors.criteriaRequired");
    expect(criteriaProblems("COMPREHENSIVE", [{ name: "价格", weight: 60 }, { name: "技术", weight: 30 }])[0]).toMatchObject({
      code: "tenders:errors.criteriaWeightSum",
      params: { sum: 90 },
    });
    expect(criteriaProblems("COMPREHENSIVE", [{ name: "价格", weight: 50 }, { name: "价格", weight: 50 }])[0]?.code).toBe(
      "tenders:errors.criteriaDuplicate",
    );
    expect(criteriaProblems("COMPREHENSIVE", [{ name: "价格", weight: 60 }, { name: "技术", weight: 40 }])).toEqual([]);
    expect(criteriaProblems("LOWEST_PRICE", [])).toEqual([]);
  });
});

describe("lot terms schema", () => {
  const ok = {
    title: "  <script>alert(1)</script>\u0007 道路  ",
    estimatedPriceFen: "100000000",
    ceilingPriceFen: 90000000n,
    bondFen: 1000,
    evaluationMethod: "LOWEST_PRICE",
    docsAvailableFrom: "2026-12-01T00:00:00Z",
    docsAvailableTo: "2026-12-08T00:00:00Z",
    clarificationCutoff: "2026-12-10T00:00:00Z",
    objectionCutoff: "2026-12-10T00:00:00Z",
    bidDeadline: "2026-12-22T02:00:00Z",
  };
  it("keeps markup as text (rendered inert by the UI), strips control characters, converts amounts", () => {
    const t = parseLotTerms(ok);
    expect(t.title).toBe("<script>alert(1)</script> 道路");
    expect(t.estimatedPriceFen).toBe(100000000n);
    expect(t.bidDeadline.toISOString()).toBe("2026-12-22T02:00:00.000Z");
    expect(t.decryptionWindowMinutes).toBe(30);
  });
  it("names the bad field", () => {
    try {
      parseLotTerms({ ...ok, bondFen: "12.5" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).field).toBe("bondFen");
    }
  });
});

describe("public helpers", () => {
  it("splits search terms on ASCII and ideographic spaces", () => {
    expect(searchTerms(" 市政道路\u3000改造 ")).toEqual(["市政道路", "改造"]);
    expect(searchTerms("ABC")).toEqual(["abc"]);
    expect(searchTerms(undefined)).toEqual([]);
  });
  it("orders the timeline and marks passed instants", () => {
    const d = (s: string) => new Date(s);
    const tl = buildTimeline(
      {
        publishedAt: d("2026-12-01T00:00:00Z"),
        docsAvailableFrom: d("2026-12-01T00:00:00Z"),
        docsAvailableTo: d("2026-12-08T00:00:00Z"),
        clarificationCutoff: d("2026-12-06T00:00:00Z"),
        objectionCutoff: d("2026-12-10T00:00:00Z"),
        bidDeadline: d("2026-12-22T00:00:00Z"),
      },
      d("2026-12-07T00:00:00Z"),
    );
    expect(tl.map((e) => [e.key, e.passed])).toEqual([
      ["published", true], ["docsFrom", true], ["clarification", true], ["docsTo", false], ["objection", false], ["deadline", false],
    ]);
  });
});

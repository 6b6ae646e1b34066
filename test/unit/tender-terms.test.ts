import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { createLotFormSchema } from "~/components/tenders/lot-form-schema";
import { criteriaProblems, estimateProblems, LOT_LIMITS, parseLotTerms } from "~/domain/tenders/lot-terms";
import { createProjectSchema, objectionTextSchema, parseBidderText, questionTextSchema } from "~/domain/tenders/schemas";
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

describe("one schema per form: the lot form is the domain's terms read from form text", () => {
  const domain = {
    title: "第一标段",
    estimatedPriceFen: 100_000_000n,
    ceilingPriceFen: 90_000_000n,
    bondFen: 1_000_000n,
    evaluationMethod: "COMPREHENSIVE" as const,
    criteria: [{ name: "价格", weight: 60 }, { name: "技术", weight: 40 }],
    docsAvailableFrom: new Date("2026-12-01T00:00:00Z"),
    docsAvailableTo: new Date("2026-12-08T00:00:00Z"),
    clarificationCutoff: new Date("2026-12-10T00:00:00Z"),
    objectionCutoff: new Date("2026-12-10T00:00:00Z"),
    bidDeadline: new Date("2026-12-22T02:00:00Z"),
    decryptionWindowMinutes: 30,
  };
  const form = {
    projectId: "6f1c2b7e-1d2a-4c3b-9e4f-5a6b7c8d9e0f",
    title: "第一标段",
    estimatedPriceFen: "1,000,000.00",
    ceilingPriceFen: "900000",
    bondFen: "10000",
    evaluationMethod: "COMPREHENSIVE",
    criteria: [{ name: "价格", weight: "60" }, { name: "技术", weight: "40" }],
    docsAvailableFrom: "2026-12-01T08:00",
    docsAvailableTo: "2026-12-08T08:00",
    clarificationCutoff: "2026-12-10T08:00",
    objectionCutoff: "2026-12-10T08:00",
    bidDeadline: "2026-12-22T10:00",
    decryptionWindowMinutes: "30",
  };
  /** The message keys both sides give for the same bad value (domain: DomainError code + params; form: issue message). */
  const both = (d: Record<string, unknown>, f: Record<string, unknown>) => {
    let fromDomain = "";
    try {
      parseLotTerms({ ...domain, ...d });
    } catch (e) {
      const x = e as DomainError;
      fromDomain = Object.keys(x.params).length ? `${x.code}?${new URLSearchParams(Object.entries(x.params).map(([k, v]) => [k, String(v)]))}` : x.code;
    }
    const r = createLotFormSchema.safeParse({ ...form, ...f });
    return { domain: fromDomain, form: r.success ? "" : r.error.issues[0]!.message };
  };

  it("the same values pass both, and the form's yuan and Beijing times arrive as the domain's fen and instants", () => {
    const r = createLotFormSchema.parse(form);
    expect(parseLotTerms(r)).toEqual(parseLotTerms(domain));
  });

  it.each([
    ["a title one over the limit", { title: "标".repeat(LOT_LIMITS.titleMax + 1) }, "tenders:errors.tooLong?max=200"],
    ["a window under the minimum", { decryptionWindowMinutes: LOT_LIMITS.decryptionWindowMin - 1 }, "tenders:errors.decryptionWindow?min=5&max=240"],
    ["a window over the maximum", { decryptionWindowMinutes: LOT_LIMITS.decryptionWindowMax + 1 }, "tenders:errors.decryptionWindow?min=5&max=240"],
    ["weights not adding up to 100", { criteria: [{ name: "价格", weight: 60 }, { name: "技术", weight: 30 }] }, "tenders:errors.criteriaWeightSum?sum=90"],
    ["duplicate criteria", { criteria: [{ name: "价格", weight: 50 }, { name: "价格", weight: 50 }] }, "tenders:errors.criteriaDuplicate"],
    ["no criteria for comprehensive scoring", { criteria: [] }, "tenders:errors.criteriaRequired"],
    ["a weight of 0", { criteria: [{ name: "价格", weight: 0 }, { name: "技术", weight: 100 }] }, "tenders:errors.criterionWeight?min=1&max=100"],
    [
      "one criterion too many",
      { criteria: Array.from({ length: LOT_LIMITS.criteriaMax + 1 }, (_, i) => ({ name: `c${i}`, weight: 1 })) },
      "tenders:errors.criteriaTooMany?max=30",
    ],
  ])("%s: refused by the domain and the form with the same message", (_, bad, message) => {
    const stringify = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    expect(both(bad, stringify(bad))).toEqual({ domain: message, form: message });
  });

  it("最低价法: the form drops the hidden editor's rows, the domain refuses criteria sent with it", () => {
    expect(createLotFormSchema.parse({ ...form, evaluationMethod: "LOWEST_PRICE" }).criteria).toEqual([]);
    expect(both({ evaluationMethod: "LOWEST_PRICE" }, {}).domain).toBe("tenders:errors.criteriaNotForLowestPrice");
  });

  it("the project and question forms are the domain's schemas", () => {
    const p = createProjectSchema.safeParse({ code: "x", title: "", procurementType: "CONSTRUCTION", buyerOrgId: form.projectId, region: "32050" });
    expect(p.success ? [] : p.error.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["code", "tenders:errors.projectCode"],
      ["title", "tenders:errors.required"],
      ["region", "tenders:errors.region"],
    ]);
    expect(questionTextSchema.safeParse(" \u0007 ").error?.issues[0]?.message).toBe("tenders:errors.questionRequired");
    expect(questionTextSchema.safeParse("问".repeat(5_001)).error?.issues[0]?.message).toBe("tenders:errors.tooLong?max=5000");
  });

  it("one objection schema for the lot page's two objection forms and both domain calls", () => {
    expect(objectionTextSchema.safeParse("  ").error?.issues[0]?.message).toBe("tenders:errors.objectionRequired");
    expect(objectionTextSchema.safeParse("异".repeat(10_001)).error?.issues[0]?.message).toBe("tenders:errors.tooLong?max=10000");
    expect(parseBidderText(objectionTextSchema, " 评标结果有误 ")).toBe("评标结果有误");
    expect(() => parseBidderText(objectionTextSchema, "")).toThrow(expect.objectContaining({ code: "tenders:errors.objectionRequired", status: 422, field: "text" }));
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

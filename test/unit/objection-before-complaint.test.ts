import { describe, expect, it } from "vitest";
import { COMPLAINT_MATTERS, objectionBeforeComplaint } from "~/domain/supervision/objection-before-complaint";
import { getFixedT } from "~/lib/i18n";

describe("objectionBeforeComplaint", () => {
  it("工程: tender documents, opening and evaluation result need a prior objection (arts. 60 with 22, 44, 54); other matters do not", () => {
    const need = (matter: (typeof COMPLAINT_MATTERS)[number], objectedBefore = false) =>
      objectionBeforeComplaint({ profile: "CONSTRUCTION", matter, objectedBefore });
    expect(need("TENDER_DOCUMENTS")?.zh).toBe("招标投标法实施条例第六十条、第二十二条");
    expect(need("OPENING")?.zh).toBe("招标投标法实施条例第六十条、第四十四条");
    expect(need("EVALUATION_RESULT")?.en).toBe("Tendering Law Implementing Regulation arts. 60 and 54");
    expect(need("OTHER")).toBeNull();
    for (const m of COMPLAINT_MATTERS) expect(need(m, true)).toBeNull();
  });

  it("政府采购: every matter needs a prior challenge", () => {
    for (const matter of COMPLAINT_MATTERS) {
      expect(objectionBeforeComplaint({ profile: "GOVERNMENT_PROCUREMENT", matter, objectedBefore: false })?.zh).toBe("政府采购法第五十五条");
      expect(objectionBeforeComplaint({ profile: "GOVERNMENT_PROCUREMENT", matter, objectedBefore: true })).toBeNull();
    }
  });

  it("the refusal reads in both languages with its article", () => {
    const a = objectionBeforeComplaint({ profile: "CONSTRUCTION", matter: "OPENING", objectedBefore: false })!;
    const params = { context: "CONSTRUCTION", articleZh: a.zh, articleEn: a.en };
    const zh = getFixedT("zh-CN", "supervision")("supervision:errors.objectionRequired", params);
    const en = getFixedT("en", "supervision")("supervision:errors.objectionRequired", params);
    expect(zh).toMatch(/^招标投标法实施条例第六十条、第四十四条：.*应当先向招标人提出异议/);
    expect(en).toMatch(/^Tendering Law Implementing Regulation arts\. 60 and 44: .*objection/);
    const gp = getFixedT("zh-CN", "supervision")("supervision:errors.objectionRequired", { context: "GOVERNMENT_PROCUREMENT", articleZh: "政府采购法第五十五条", articleEn: "" });
    expect(gp).toContain("质疑");
  });
});

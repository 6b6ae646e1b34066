import type { ComplaintMatter, ProcurementType } from "~/generated/prisma/enums";
import type { Article } from "~/domain/rules/types";

/** The matters a complaint may be about, in the order a form offers them. */
export const COMPLAINT_MATTERS = ["TENDER_DOCUMENTS", "OPENING", "EVALUATION_RESULT", "OTHER"] as const satisfies readonly ComplaintMatter[];

/**
 * 工程: complaints about these matters must follow an objection to the tenderer (实施条例第六十条第一款 refers
 * to 第二十二条、第四十四条、第五十四条); other matters may go straight to the supervisor.
 */
const CONSTRUCTION_ARTICLES: Partial<Record<ComplaintMatter, Article>> = {
  TENDER_DOCUMENTS: { zh: "招标投标法实施条例第六十条、第二十二条", en: "Tendering Law Implementing Regulation arts. 60 and 22" },
  OPENING: { zh: "招标投标法实施条例第六十条、第四十四条", en: "Tendering Law Implementing Regulation arts. 60 and 44" },
  EVALUATION_RESULT: { zh: "招标投标法实施条例第六十条、第五十四条", en: "Tendering Law Implementing Regulation arts. 60 and 54" },
};

/** 政府采购: a complaint always follows a challenge (质疑) and its answer, whatever the matter. */
const PROCUREMENT_ARTICLE: Article = { zh: "政府采购法第五十五条", en: "Government Procurement Law art. 55" };

export interface ObjectionBeforeComplaintFacts {
  profile: ProcurementType;
  matter: ComplaintMatter;
  /** The complainant organisation raised an objection (异议/质疑) on the same lot before filing. */
  objectedBefore: boolean;
}

/**
 * Rule "objection before complaint": the article that requires a prior objection, when one is required and
 * missing; null when the complaint may be filed. Pure, so the form and the tests read the same rule.
 */
export function objectionBeforeComplaint(f: ObjectionBeforeComplaintFacts): Article | null {
  if (f.objectedBefore) return null;
  if (f.profile === "GOVERNMENT_PROCUREMENT") return PROCUREMENT_ARTICLE;
  return CONSTRUCTION_ARTICLES[f.matter] ?? null;
}

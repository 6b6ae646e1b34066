import type { Article } from "./types";

/**
 * 否决投标 grounds: the committee rejects a bid only on one of these (the list of 实施条例 art. 51 for 工程;
 * 87号令 art. 63 for 政府采购 invalidity), and names it with a written reason citing the clause.
 * `id` is what EvaluationOutcome.rejected[].ground carries.
 */
export interface RejectionGround {
  id: string;
  article: Article;
  /** i18n key of the ground's wording (evaluation:grounds.<id>). */
  label: string;
}

const g = (id: string, zh: string, en: string): RejectionGround => ({ id, article: { zh, en }, label: `evaluation:grounds.${id}` });

export const REJECTION_GROUNDS: readonly RejectionGround[] = [
  g("art51.notSigned", "招标投标法实施条例第五十一条第（一）项", "Implementing Regulation art. 51(1)"),
  g("art51.jointBidAgreement", "招标投标法实施条例第五十一条第（二）项", "Implementing Regulation art. 51(2)"),
  g("art51.qualification", "招标投标法实施条例第五十一条第（三）项", "Implementing Regulation art. 51(3)"),
  g("art51.multipleOffers", "招标投标法实施条例第五十一条第（四）项", "Implementing Regulation art. 51(4)"),
  g("art51.overCeilingOrBelowCost", "招标投标法实施条例第五十一条第（五）项", "Implementing Regulation art. 51(5)"),
  g("art51.substantiveResponse", "招标投标法实施条例第五十一条第（六）项", "Implementing Regulation art. 51(6)"),
  g("art51.collusionFraud", "招标投标法实施条例第五十一条第（七）项", "Implementing Regulation art. 51(7)"),
  g("order87.art63", "政府采购货物和服务招标投标管理办法（财政部令第87号）第六十三条", "MOF Order No. 87 art. 63"),
  g("order87.abnormallyLow", "政府采购货物和服务招标投标管理办法（财政部令第87号）第六十条", "MOF Order No. 87 art. 60"),
];

export const GROUND_IDS = REJECTION_GROUNDS.map((x) => x.id);

export function findGround(id: string): RejectionGround | undefined {
  return REJECTION_GROUNDS.find((x) => x.id === id);
}

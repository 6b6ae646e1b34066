import type { Rule } from "../types";
import { violationOf } from "../violation";

/**
 * The tender documents can be obtained from the moment the notice is published: 政府采购 counts the
 * documents period "自招标公告发布之日起" (财政部令第87号第十八条); 工程 issues them as the notice says
 * (实施条例第十六条) and an electronic platform loads them for download at once (电子招标投标办法第二十二条).
 * So a lot is not published without at least one current document, and at publication its
 * docsAvailableFrom becomes the publication instant (approve-publication.ts): a start planned earlier
 * would shorten the real period below the statutory minimum unnoticed, a later one would refuse the
 * downloads of bidders who read the notice. This rule checks both facts at the publication instant.
 */
export const documentsFromPublication: Rule<Record<string, never>> = {
  id: "documentsFromPublication",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第十六条、电子招标投标办法第二十二条", en: "Tendering Law Implementing Regulation art. 16; Electronic Tendering Measures art. 22" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第十八条",
      en: "MOF Order No. 87 (Goods and Services Tendering) art. 18",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const p = input.publication;
    if (!p) return null;
    if (p.documents < 1) return violationOf(this, input, {}, "documents", "none");
    const from = input.docsAvailableFrom;
    if (from && from.getTime() !== p.at.getTime()) return violationOf(this, input, {}, "docsAvailableFrom", from > p.at ? "late" : "early");
    return null;
  },
};

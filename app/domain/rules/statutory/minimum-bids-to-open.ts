import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { min: number };

/** Fewer than 3 bids: no opening; the tender fails (流标) and is re-tendered (or handled per 87号令). */
export const minimumBidsToOpen: Rule<P> = {
  id: "minimumBidsToOpen",
  article: {
    CONSTRUCTION: { zh: "招标投标法第二十八条", en: "Tendering Law art. 28" },
    GOVERNMENT_PROCUREMENT: {
      zh: "政府采购法第三十六条、财政部令第87号第四十三条",
      en: "Government Procurement Law art. 36; MOF Order No. 87 art. 43",
    },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { min: "atLeast" },
  check(input, { min }) {
    if (input.bidCount == null || input.bidCount >= min) return null;
    return violationOf(this, input, { min, actual: input.bidCount }, "bidCount");
  },
};

import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = { numerator: number; denominator: number; extendHours: number };

/**
 * 实施条例第四十八条: when more than one third of the committee find the time too short to evaluate, the
 * tenderer extends it. `extendHours` (how much) is the centre's: a rule parameter.
 */
export const moreTimeShare: Rule<P> = {
  id: "moreTimeShare",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第四十八条第二款", en: "Tendering Law Implementing Regulation art. 48(2)" },
    GOVERNMENT_PROCUREMENT: { zh: "招标投标法实施条例第四十八条第二款（参照）", en: "Tendering Law Implementing Regulation art. 48(2) (by analogy)" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { numerator: "fixed", denominator: "fixed", extendHours: "centre" },
  check(input, p) {
    const m = input.moreTime;
    if (!m || m.extended || !moreTimeDue(m, p)) return null;
    return violationOf(this, input, { asking: m.asking, members: m.members }, "moreTime");
  },
};

/** More than numerator/denominator of the members asked: asking × d > members × n. */
export function moreTimeDue(m: { members: number; asking: number }, p: P): boolean {
  return m.asking * p.denominator > m.members * p.numerator;
}

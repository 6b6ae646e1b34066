import type { Rule } from "../types";
import { violationOf } from "../violation";

/**
 * The grounds on which a buyer may pass over the first-ranked candidate (实施条例 art. 55; 政府采购法实施条例
 * art. 49: the winner refuses to sign, the next candidate in the report's order may be chosen). Anything else
 * is refused; choosing another candidate also raises a supervisor alert (app/domain/award/award-lot.ts).
 */
export const ART55_GROUNDS = [
  "GAVE_UP", // 第一中标候选人放弃中标
  "FORCE_MAJEURE", // 因不可抗力不能履行合同
  "NO_PERFORMANCE_BOND", // 不按照招标文件要求提交履约保证金
  "FAILS_CONDITIONS", // 被查实存在影响中标结果的违法行为等情形，不符合中标条件
] as const;
export type Art55Ground = (typeof ART55_GROUNDS)[number];

export const isArt55Ground = (x: unknown): x is Art55Ground => typeof x === "string" && (ART55_GROUNDS as readonly string[]).includes(x);

type P = Record<string, never>;

/** The first-ranked candidate wins, unless one of the art. 55 grounds is given. */
export const awardFirstRanked: Rule<P> = {
  id: "awardFirstRanked",
  article: {
    CONSTRUCTION: { zh: "招标投标法实施条例第五十五条", en: "Tendering Law Implementing Regulation art. 55" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法实施条例第四十九条", en: "Government Procurement Law Implementing Regulation art. 49" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const a = input.award;
    if (!a || a.winnerRank === 1) return null;
    if (a.winnerRank > 3) return violationOf(this, input, { rank: a.winnerRank }, "winnerBidId", "notCandidate");
    if (!isArt55Ground(a.reasonCode)) return violationOf(this, input, { rank: a.winnerRank }, "reasonCode", "noGround");
    return null;
  },
};

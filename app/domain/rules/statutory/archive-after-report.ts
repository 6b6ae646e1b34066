import type { Rule } from "../types";
import { violationOf } from "../violation";

type P = Record<string, never>;

/**
 * 归档 only after the supervisor has been told of the result in writing. 工程: the buyer's written report on
 * the tender (招标投标情况书面报告) to the supervising department, 招标投标法 art. 47 — the case is not closed
 * while it is owed. 政府采购 has no such report; its equivalent is filing the contract with the finance
 * department (备案, 政府采购法 art. 47), so a contracted 政府采购 lot is archived only once the filing is recorded.
 * Checked only for a lot that was awarded (a failed or cancelled lot has no award to report).
 */
export const archiveAfterReport: Rule<P> = {
  id: "archiveAfterReport",
  article: {
    CONSTRUCTION: { zh: "招标投标法第四十七条", en: "Tendering Law art. 47" },
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第四十七条", en: "Government Procurement Law art. 47" },
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: {},
  check(input) {
    const g = input.archiveGate;
    if (!g?.awarded) return null;
    if (input.profile === "CONSTRUCTION" && !g.reportedAt) return violationOf(this, input, {}, "archive", "report");
    if (input.profile === "GOVERNMENT_PROCUREMENT" && g.contractSigned && !g.filedAt) return violationOf(this, input, {}, "archive", "filing");
    return null;
  },
};

import type { Rule } from "../types";
import { PLATFORM_RULE, violationOf } from "../violation";

type P = { minYears: number };

/**
 * How long the case archive is kept. 政府采购: at least 15 years from the end of the procurement (政府采购法
 * art. 42). 工程: the law names no period, so it is a platform rule with the centre's parameter (default 15
 * years, the same as 政府采购). Read when the archive is created.
 */
export const archiveRetention: Rule<P> = {
  id: "archiveRetention",
  article: {
    GOVERNMENT_PROCUREMENT: { zh: "政府采购法第四十二条", en: "Government Procurement Law art. 42" },
    CONSTRUCTION: PLATFORM_RULE,
  },
  appliesTo: ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"],
  paramSpec: { minYears: "atLeast" },
  check(input, { minYears }) {
    const a = input.archive;
    if (!a || a.retentionUntil >= retentionUntil(a.archivedOn, minYears)) return null;
    return violationOf(this, input, { min: minYears, until: a.retentionUntil }, "retentionUntil");
  },
};

/** The retention date: the archive day plus the centre's years (a Shanghai calendar date, "YYYY-MM-DD"). */
export function retentionUntil(archivedOn: string, minYears: number): string {
  const [y, m, d] = archivedOn.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + minYears, m - 1, d));
  // 29 February + n years → 1 March when that year has none (the period still covers n whole years).
  return date.toISOString().slice(0, 10);
}

import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { archiveAfterReport } from "~/domain/rules/statutory/archive-after-report";
import type { ProfileId, RuleFacts } from "~/domain/rules/types";

const now = new Date("2026-06-01T04:00:00Z");
const check = (profile: ProfileId, archiveGate: RuleFacts["archiveGate"]) => archiveAfterReport.check({ profile, now, archiveGate }, {}, Calendar.empty());

describe("archiveAfterReport (归档前的书面报告 / 合同备案)", () => {
  it("工程: an awarded lot is archived only once the written report (招标投标法 art. 47) is submitted", () => {
    expect(check("CONSTRUCTION", { awarded: true, contractSigned: true, reportedAt: null })?.params.context).toBe("CONSTRUCTION_report");
    expect(check("CONSTRUCTION", { awarded: true, contractSigned: true, reportedAt: now })).toBeNull();
    // The filing is not a 工程 step.
    expect(check("CONSTRUCTION", { awarded: true, contractSigned: true, reportedAt: now, filedAt: null })).toBeNull();
  });

  it("政府采购: the contract filing (政府采购法 art. 47) is the gate; there is no art. 47 report", () => {
    expect(check("GOVERNMENT_PROCUREMENT", { awarded: true, contractSigned: true, filedAt: null })?.params.context).toBe("GOVERNMENT_PROCUREMENT_filing");
    expect(check("GOVERNMENT_PROCUREMENT", { awarded: true, contractSigned: true, filedAt: now, reportedAt: null })).toBeNull();
  });

  it("a lot without an award (failed, cancelled) has nothing to report", () => {
    for (const p of ["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"] as const) {
      expect(check(p, { awarded: false })).toBeNull();
      expect(check(p, null)).toBeNull();
    }
  });
});

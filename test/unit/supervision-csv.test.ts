import { describe, expect, it } from "vitest";
import { csvCell } from "~/domain/supervision/get-statistics";
import { complaintAcceptDueAt, complaintDecisionDueAt } from "~/domain/supervision/complaint-clocks";
import { Calendar } from "~/domain/rules/calendar";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);

describe("csvCell", () => {
  it("quotes separators and neutralises formulas, but not negative numbers", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell(null)).toBe("");
  });
});

describe("complaint clocks (working days, Asia/Shanghai)", () => {
  const cal = Calendar.fromRows([{ date: "2026-10-01", kind: "HOLIDAY", name: "国庆" }, { date: "2026-10-02", kind: "HOLIDAY", name: "国庆" }]);
  it("accept within 3 working days: Friday → Wednesday; across a holiday it is pushed further", () => {
    expect(complaintAcceptDueAt(cal, sh("2026-11-20 15:00"))).toEqual(sh("2026-11-25 15:00"));
    expect(complaintAcceptDueAt(cal, sh("2026-09-30 09:00"))).toEqual(sh("2026-10-07 09:00"));
  });
  it("decide within 30 working days (six weeks without holidays)", () => {
    expect(complaintDecisionDueAt(Calendar.empty(), sh("2026-11-23 10:00"))).toEqual(sh("2027-01-04 10:00"));
  });
});

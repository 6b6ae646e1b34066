import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { checkRule, checkTenderSchedule } from "~/domain/rules/check-tender-schedule";
import { defaultRuleParams, PROFILES, validateRuleOverride } from "~/domain/rules/profiles";
import { proposeDeadlineAfterChange } from "~/domain/rules/propose-deadline-after-change";
import { assertNoViolations, RuleViolationsError } from "~/domain/rules/violation-error";
import { OFFICIAL_CALENDAR_DAYS } from "../../prisma/seed/calendar";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const cal = Calendar.fromRows(OFFICIAL_CALENDAR_DAYS);
const NOW = sh("2026-03-01 12:00");

/** A legal 工程 schedule published on Monday 2 March 2026. */
const legal = {
  docsAvailableFrom: sh("2026-03-02 09:00"),
  docsAvailableTo: sh("2026-03-09 17:00"),
  clarificationCutoff: sh("2026-03-20 17:00"),
  objectionCutoff: sh("2026-03-12 17:00"),
  bidDeadline: sh("2026-03-23 09:30"),
  estimatedPriceFen: 500_000_000n,
  ceilingPriceFen: 480_000_000n,
  bondFen: 10_000_000n,
};

describe("profiles", () => {
  it("both profiles carry every statutory rule once, with parameters that fit their specs", () => {
    for (const p of Object.values(PROFILES)) {
      const ids = p.entries.map((e) => e.rule.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(["documentsToDeadlineMinDays", "bondMaxPercent", "committeeComposition", "bondRefundWithinDays"]));
      for (const e of p.entries) {
        expect(e.rule.appliesTo).toContain(p.id);
        expect(e.rule.article[p.id]?.zh, e.rule.id).toBeTruthy();
        expect(Object.keys(e.defaults).sort()).toEqual(Object.keys(e.rule.paramSpec).sort());
      }
    }
  });
});

describe("checkTenderSchedule", () => {
  it("accepts a legal schedule in both profiles", () => {
    expect(checkTenderSchedule("CONSTRUCTION", legal, defaultRuleParams(), cal, NOW)).toEqual([]);
    expect(checkTenderSchedule("GOVERNMENT_PROCUREMENT", { ...legal, objectionCutoff: sh("2026-03-18 17:00") }, defaultRuleParams(), cal, NOW)).toEqual([]);
  });

  it("returns every violation, not only the first", () => {
    const bad = {
      ...legal,
      docsAvailableTo: sh("2026-03-05 17:00"), // 3 days
      objectionCutoff: sh("2026-03-16 17:00"), // 7 days before the deadline
      clarificationCutoff: sh("2026-03-18 17:00"),
      bidDeadline: sh("2026-03-20 09:30"), // 18 days
      bondFen: 10_000_001n, // just over 2 %
      ceilingPriceFen: 600_000_000n, // above the estimate
    };
    const ids = checkTenderSchedule("CONSTRUCTION", bad, defaultRuleParams(), cal, NOW).map((v) => v.ruleId).sort();
    expect(ids).toEqual(["bondMaxPercent", "ceilingPositiveAndWithinBudget", "documentsAvailabilityMinDays", "documentsToDeadlineMinDays", "objectionCutoffMinDays"]);
    expect(() => assertNoViolations(checkTenderSchedule("CONSTRUCTION", bad, defaultRuleParams(), cal, NOW))).toThrow(RuleViolationsError);
  });

  it("a centre's stricter parameter applies", () => {
    const params = defaultRuleParams();
    const r = validateRuleOverride("CONSTRUCTION", "documentsToDeadlineMinDays", { minDays: 25 });
    expect(r.ok).toBe(true);
    if (r.ok) params.CONSTRUCTION.documentsToDeadlineMinDays = r.params;
    const v = checkTenderSchedule("CONSTRUCTION", legal, params, cal, NOW);
    expect(v.map((x) => x.ruleId)).toEqual(["documentsToDeadlineMinDays"]);
    expect(v[0]!.params).toMatchObject({ min: 25, actual: 21 });
  });

  it("checkRule runs one rule (e.g. at the deadline)", () => {
    expect(checkRule("GOVERNMENT_PROCUREMENT", "minimumBidsToOpen", { bidCount: 2 }, defaultRuleParams(), cal, NOW)?.ruleId).toBe("minimumBidsToOpen");
    expect(() => checkRule("CONSTRUCTION", "nope", {}, defaultRuleParams(), cal, NOW)).toThrow();
  });
});

describe("validateRuleOverride: only stricter than the law", () => {
  it.each([
    ["documentsToDeadlineMinDays", { minDays: 19 }, "looser"],
    ["bondMaxPercent", { maxPercent: 3 }, "looser"],
    ["documentsAvailabilityMinDays", { unit: "WORKING_DAYS" }, "fixed"],
    ["documentsAvailabilityMinDays", { minDays: 5.5 }, "badValue"],
    ["documentsAvailabilityMinDays", { minDays: "7" }, "badValue"],
    ["bondMaxPercent", { percent: 1 }, "unknownParam"],
    ["noSuchRule", {}, "unknownRule"],
    ["bondMaxPercent", [1], "notAnObject"],
  ])("%s %j → %s", (ruleId, candidate, reason) => {
    expect(validateRuleOverride("CONSTRUCTION", ruleId, candidate)).toMatchObject({ ok: false, reason });
  });
  it("accepts stricter values and merges them over the defaults", () => {
    expect(validateRuleOverride("GOVERNMENT_PROCUREMENT", "documentsAvailabilityMinDays", { minDays: 7 })).toEqual({
      ok: true,
      params: { minDays: 7, unit: "WORKING_DAYS" },
    });
    expect(validateRuleOverride("CONSTRUCTION", "bondMaxPercent", { maxPercent: 1 })).toMatchObject({ ok: true });
  });
});

describe("proposeDeadlineAfterChange", () => {
  const params = defaultRuleParams();
  it("returns null while the current deadline is still ≥ 15 days after the change", () => {
    expect(proposeDeadlineAfterChange("CONSTRUCTION", sh("2026-03-08 10:00"), sh("2026-03-23 09:30"), params, cal)).toBeNull();
  });
  it("moves to change day + 15 at the deadline's time of day", () => {
    expect(proposeDeadlineAfterChange("CONSTRUCTION", sh("2026-03-10 16:00"), sh("2026-03-23 09:30"), params, cal)).toEqual(sh("2026-03-25 09:30"));
  });
  it("landing on 国庆 (1 October) moves to the next working day, 8 October", () => {
    expect(proposeDeadlineAfterChange("GOVERNMENT_PROCUREMENT", sh("2026-09-16 10:00"), sh("2026-09-25 09:30"), params, cal)).toEqual(sh("2026-10-08 09:30"));
  });
  it("landing on a weekend moves to Monday; a make-up Sunday is a working day", () => {
    expect(proposeDeadlineAfterChange("CONSTRUCTION", sh("2026-03-06 10:00"), sh("2026-03-16 09:30"), params, cal)).toEqual(sh("2026-03-23 09:30"));
    expect(proposeDeadlineAfterChange("CONSTRUCTION", sh("2026-09-05 10:00"), sh("2026-09-14 09:30"), params, cal)).toEqual(sh("2026-09-20 09:30"));
  });
  it("a stricter centre setting moves it further", () => {
    const p = defaultRuleParams();
    p.CONSTRUCTION.changeNoticeMinDays = { minDays: 20 };
    expect(proposeDeadlineAfterChange("CONSTRUCTION", sh("2026-03-10 16:00"), sh("2026-03-23 09:30"), p, cal)).toEqual(sh("2026-03-30 09:30"));
  });
});

import { describe, expect, it } from "vitest";
import { getFixedT } from "~/lib/i18n";
import { Calendar } from "~/domain/rules/calendar";
import { checkTenderSchedule } from "~/domain/rules/check-tender-schedule";
import { defaultRuleParams, validateRuleOverride } from "~/domain/rules/profiles";
import { drawTiming, earliestDrawInstant } from "~/domain/rules/statutory/draw-timing";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const GP = "GOVERNMENT_PROCUREMENT" as const;
const check = (now: Date, evaluationAt: Date, calendar = Calendar.empty(), max = 2) =>
  drawTiming.check({ profile: GP, now, evaluationAt }, { maxWorkingDaysBefore: max }, calendar);

describe("政府采购评审专家管理办法第十三条: draw no earlier than 2 working days before the evaluation", () => {
  it("evaluation Wednesday 09:30: drawing from Monday 00:00 (Beijing) is allowed, Sunday night is not", () => {
    const evaluation = sh("2026-06-03 09:30");
    expect(earliestDrawInstant(Calendar.empty(), evaluation, 2)).toEqual(sh("2026-06-01 00:00"));
    expect(check(sh("2026-06-01 00:00"), evaluation)).toBeNull();
    expect(check(sh("2026-06-03 08:00"), evaluation)).toBeNull();
    const v = check(sh("2026-05-31 23:59"), evaluation);
    expect(v).not.toBeNull();
    expect(v!.params).toMatchObject({ earliest: "2026-06-01 00:00", evaluationAt: "2026-06-03 09:30", max: 2 });
    expect(v!.field).toBe("evaluationAt");
    expect(v!.article.zh).toContain("第十三条");
  });

  it("counts working days: a Monday evaluation may be drawn from Thursday; a Friday holiday pushes it to Wednesday", () => {
    const monday = sh("2026-06-08 09:00");
    expect(earliestDrawInstant(Calendar.empty(), monday, 2)).toEqual(sh("2026-06-04 00:00"));
    const holiday = Calendar.fromRows([{ date: "2026-06-05", kind: "HOLIDAY", name: "测试假日" }]);
    expect(earliestDrawInstant(holiday, monday, 2)).toEqual(sh("2026-06-03 00:00"));
    expect(check(sh("2026-06-03 10:00"), monday, holiday)).toBeNull();
    expect(check(sh("2026-06-03 10:00"), monday)).not.toBeNull();
  });

  it("a centre may only shorten the period (stricter), and then the earliest instant moves later", () => {
    expect(validateRuleOverride(GP, "drawTiming", { maxWorkingDaysBefore: 1 }).ok).toBe(true);
    expect(validateRuleOverride(GP, "drawTiming", { maxWorkingDaysBefore: 3 })).toMatchObject({ ok: false, reason: "looser" });
    expect(check(sh("2026-06-01 10:00"), sh("2026-06-03 09:30"), Calendar.empty(), 1)).not.toBeNull();
    expect(check(sh("2026-06-02 00:00"), sh("2026-06-03 09:30"), Calendar.empty(), 1)).toBeNull();
  });

  it("applies to 政府采购 only, and only when the evaluation instant is known", () => {
    const facts = { evaluationAt: sh("2026-06-20 09:00") };
    const params = defaultRuleParams();
    const ids = (p: "CONSTRUCTION" | typeof GP) => checkTenderSchedule(p, facts, params, Calendar.empty(), sh("2026-06-01 12:00")).map((v) => v.ruleId);
    expect(ids(GP)).toContain("drawTiming");
    expect(ids("CONSTRUCTION")).not.toContain("drawTiming");
    expect(drawTiming.check({ profile: GP, now: sh("2026-06-01 12:00") }, { maxWorkingDaysBefore: 2 }, Calendar.empty())).toBeNull();
  });

  it("reads with the article and the earliest instant in both languages", () => {
    const v = check(sh("2026-05-29 12:00"), sh("2026-06-03 09:30"))!;
    expect(getFixedT("zh-CN", "rules")(v.code, v.params)).toBe(
      "政府采购评审专家管理办法（财库〔2016〕198号）第十三条：抽取评审专家的开始时间原则上不得早于评审活动开始前 2 个工作日（评审开始 2026-06-03 09:30，最早可于 2026-06-01 00:00 起抽取，北京时间）",
    );
    expect(getFixedT("en", "rules")(v.code, v.params)).toContain("earliest draw is at 2026-06-01 00:00");
  });
});

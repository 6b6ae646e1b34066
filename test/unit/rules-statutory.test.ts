import { describe, expect, it } from "vitest";
import { Calendar } from "~/domain/rules/calendar";
import { PROFILES } from "~/domain/rules/profiles";
import * as R from "~/domain/rules/statutory";
import type { Params, ProfileId, Rule, RuleFacts, Violation } from "~/domain/rules/types";
import { OFFICIAL_CALENDAR_DAYS } from "../../prisma/seed/calendar";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const cal = Calendar.fromRows(OFFICIAL_CALENDAR_DAYS);
const NOW = sh("2026-01-05 09:00");

/** Runs one rule with the profile's default parameters (the law's values). */
function run<P extends Params>(rule: Rule<P>, profile: ProfileId, facts: RuleFacts, now = NOW): Violation | null {
  const e = PROFILES[profile].entries.find((x) => x.rule.id === rule.id)!;
  return rule.check({ ...facts, profile, now }, e.defaults as P, cal);
}
const C = "CONSTRUCTION" as const;
const G = "GOVERNMENT_PROCUREMENT" as const;

describe("documentsToDeadlineMinDays (≥ 20 days, issue day not counted)", () => {
  it("passes exactly 20 days and fails 19 days 23 hours when issued at midnight", () => {
    const docsAvailableFrom = sh("2026-03-02 00:00");
    expect(run(R.documentsToDeadlineMinDays, C, { docsAvailableFrom, bidDeadline: sh("2026-03-22 00:00") })).toBeNull();
    const v = run(R.documentsToDeadlineMinDays, C, { docsAvailableFrom, bidDeadline: sh("2026-03-21 23:00") });
    expect(v).toMatchObject({ ruleId: "documentsToDeadlineMinDays", code: "rules:violations.documentsToDeadlineMinDays" });
    expect(v!.params).toMatchObject({ min: 20, actual: 19, earliest: "2026-03-22", articleZh: "招标投标法第二十四条" });
    expect(v!.field).toBe("bidDeadline");
  });
  it("counts calendar days, not hours: issued 10:00, deadline on day 20 at 09:00 is legal", () => {
    expect(run(R.documentsToDeadlineMinDays, G, { docsAvailableFrom: sh("2026-03-02 10:00"), bidDeadline: sh("2026-03-22 09:00") })).toBeNull();
    const v = run(R.documentsToDeadlineMinDays, G, { docsAvailableFrom: sh("2026-03-02 10:00"), bidDeadline: sh("2026-03-21 23:59:59.999") });
    expect(v?.article.zh).toBe("政府采购法第三十五条");
  });
  it("judges the day in Shanghai even when the UTC date differs", () => {
    // 2026-03-01T16:30Z is 00:30 on 2 March in Shanghai.
    expect(run(R.documentsToDeadlineMinDays, C, { docsAvailableFrom: new Date("2026-03-01T16:30:00Z"), bidDeadline: sh("2026-03-21 09:00") })?.params.actual).toBe(19);
  });
});

describe("documentsAvailabilityMinDays", () => {
  it("工程: at least 5 calendar days", () => {
    const docsAvailableFrom = sh("2026-03-02 09:00");
    expect(run(R.documentsAvailabilityMinDays, C, { docsAvailableFrom, docsAvailableTo: sh("2026-03-07 17:00") })).toBeNull();
    expect(run(R.documentsAvailabilityMinDays, C, { docsAvailableFrom, docsAvailableTo: sh("2026-03-06 17:00") })?.params.actual).toBe(4);
  });
  it("政府采购: at least 5 working days, across 春节 with the Saturday make-up day", () => {
    const docsAvailableFrom = sh("2026-02-13 09:00"); // Friday before 春节
    expect(run(R.documentsAvailabilityMinDays, G, { docsAvailableFrom, docsAvailableTo: sh("2026-02-27 17:00") })).toBeNull();
    const v = run(R.documentsAvailabilityMinDays, G, { docsAvailableFrom, docsAvailableTo: sh("2026-02-26 17:00") });
    expect(v?.params).toMatchObject({ min: 5, actual: 4, context: "GOVERNMENT_PROCUREMENT" });
  });
});

describe("changeNoticeMinDays (≥ 15 days before the deadline)", () => {
  const bidDeadline = sh("2026-04-20 09:30");
  it("passes at 15 days, fails at 14, ignores changes that do not affect preparation", () => {
    expect(run(R.changeNoticeMinDays, C, { bidDeadline, changes: [{ publishedAt: sh("2026-04-05 10:00"), affectsPreparation: true }] })).toBeNull();
    expect(run(R.changeNoticeMinDays, C, { bidDeadline, changes: [{ publishedAt: sh("2026-04-06 08:00"), affectsPreparation: false }] })).toBeNull();
    const v = run(R.changeNoticeMinDays, G, {
      bidDeadline,
      changes: [
        { publishedAt: sh("2026-04-01 08:00"), affectsPreparation: true },
        { publishedAt: sh("2026-04-06 08:00"), affectsPreparation: true },
      ],
    });
    expect(v?.params).toMatchObject({ min: 15, actual: 14 });
  });
});

describe("objectionCutoffMinDays", () => {
  it("工程: the cut-off leaves ≥ 10 days before the deadline", () => {
    const bidDeadline = sh("2026-04-20 09:30");
    expect(run(R.objectionCutoffMinDays, C, { bidDeadline, objectionCutoff: sh("2026-04-10 17:00") })).toBeNull();
    expect(run(R.objectionCutoffMinDays, C, { bidDeadline, objectionCutoff: sh("2026-04-11 00:00") })?.params.actual).toBe(9);
  });
  it("政府采购: the cut-off gives 7 working days after documents close, across 中秋", () => {
    const docsAvailableTo = sh("2026-09-18 17:00"); // Fri; Sun 20 is a make-up day, 25–27 中秋
    expect(run(R.objectionCutoffMinDays, G, { docsAvailableTo, objectionCutoff: sh("2026-09-29 17:00") })).toBeNull();
    expect(run(R.objectionCutoffMinDays, G, { docsAvailableTo, objectionCutoff: sh("2026-09-28 23:59") })?.params.actual).toBe(6);
  });
});

describe("objectionAnswerWithinDays", () => {
  it("工程: 3 days, extended past 清明 (the last day 4 April is a holiday)", () => {
    const raisedAt = sh("2026-04-01 10:00");
    expect(run(R.objectionAnswerWithinDays, C, { objections: [{ raisedAt, answeredAt: sh("2026-04-07 20:00") }] })).toBeNull();
    const late = run(R.objectionAnswerWithinDays, C, { objections: [{ raisedAt, answeredAt: sh("2026-04-08 00:00") }] });
    expect(late?.params).toMatchObject({ due: "2026-04-07", context: "CONSTRUCTION_late" });
    const overdue = run(R.objectionAnswerWithinDays, C, { objections: [{ raisedAt }] }, sh("2026-04-08 00:00"));
    expect(overdue?.params.context).toBe("CONSTRUCTION_overdue");
    expect(run(R.objectionAnswerWithinDays, C, { objections: [{ raisedAt }] }, sh("2026-04-07 23:59"))).toBeNull();
  });
});

describe("bondMaxPercent (bond × 100 ≤ estimate × 2, integer fen)", () => {
  it("holds exactly at 2 % for amounts far beyond float precision", () => {
    const estimatedPriceFen = 123_456_789_012_345_678_900n;
    const max = 2_469_135_780_246_913_578n;
    expect(run(R.bondMaxPercent, C, { estimatedPriceFen, bondFen: max })).toBeNull();
    const v = run(R.bondMaxPercent, C, { estimatedPriceFen, bondFen: max + 1n });
    expect(v?.params).toMatchObject({ max: 2, maxBond: "24,691,357,802,469,135.78", bond: "24,691,357,802,469,135.79" });
    // A float comparison would call these equal.
    expect(Number(max + 1n) * 100 <= Number(estimatedPriceFen) * 2).toBe(true);
  });
  it("small amounts: 1 fen on 50 fen is 2 %, on 49 fen it is over", () => {
    expect(run(R.bondMaxPercent, G, { estimatedPriceFen: 50n, bondFen: 1n })).toBeNull();
    expect(run(R.bondMaxPercent, G, { estimatedPriceFen: 49n, bondFen: 1n })?.article.zh).toBe("政府采购法实施条例第三十三条");
    expect(run(R.bondMaxPercent, G, { estimatedPriceFen: 49n, bondFen: 0n })).toBeNull();
  });
});

describe("amounts and ceiling", () => {
  it("refuses negative and overflowing amounts", () => {
    expect(run(R.amountsInRange, C, { estimatedPriceFen: -1n })?.field).toBe("estimatedPriceFen");
    expect(run(R.amountsInRange, C, { bondFen: R.MAX_AMOUNT_FEN + 1n })?.params.context).toBe("bondFen");
    expect(run(R.amountsInRange, C, { estimatedPriceFen: R.MAX_AMOUNT_FEN, ceilingPriceFen: 0n, bondFen: 0n })).toBeNull();
  });
  it("ceiling > 0 and ≤ the estimate / budget", () => {
    expect(run(R.ceilingPositiveAndWithinBudget, C, { ceilingPriceFen: 0n, estimatedPriceFen: 100n })?.params.context).toBe("CONSTRUCTION_notPositive");
    expect(run(R.ceilingPositiveAndWithinBudget, G, { ceilingPriceFen: 101n, estimatedPriceFen: 100n })?.params.context).toBe("GOVERNMENT_PROCUREMENT");
    expect(run(R.ceilingPositiveAndWithinBudget, G, { ceilingPriceFen: 100n, estimatedPriceFen: 100n })).toBeNull();
  });
});

describe("deadlineInFuture and instantsOrdered", () => {
  it("deadline must be strictly after now", () => {
    expect(run(R.deadlineInFuture, C, { bidDeadline: NOW })).not.toBeNull();
    expect(run(R.deadlineInFuture, C, { bidDeadline: new Date(NOW.getTime() + 1) })).toBeNull();
  });
  it("checks each pair of the schedule", () => {
    const ok = {
      docsAvailableFrom: sh("2026-03-02 09:00"),
      docsAvailableTo: sh("2026-03-09 17:00"),
      clarificationCutoff: sh("2026-03-20 17:00"),
      objectionCutoff: sh("2026-03-12 17:00"),
      bidDeadline: sh("2026-03-23 09:30"),
    };
    expect(run(R.instantsOrdered, C, ok)).toBeNull();
    expect(run(R.instantsOrdered, C, { ...ok, docsAvailableTo: ok.bidDeadline })).toBeNull();
    expect(run(R.instantsOrdered, C, { ...ok, docsAvailableTo: ok.docsAvailableFrom })?.field).toBe("docsAvailableTo");
    expect(run(R.instantsOrdered, C, { ...ok, clarificationCutoff: ok.bidDeadline })?.params.context).toBe("clarificationCutoff_bidDeadline");
    expect(run(R.instantsOrdered, C, { ...ok, objectionCutoff: sh("2026-03-24 00:00") })?.params.context).toBe("objectionCutoff_bidDeadline");
  });
});

describe("minimumBidsToOpen and committeeComposition", () => {
  it("needs 3 bids", () => {
    expect(run(R.minimumBidsToOpen, C, { bidCount: 2 })?.params).toMatchObject({ min: 3, actual: 2 });
    expect(run(R.minimumBidsToOpen, G, { bidCount: 3 })).toBeNull();
  });
  it("≥ 5 members, odd, experts ≥ 2/3", () => {
    expect(run(R.committeeComposition, C, { committee: { members: 5, experts: 4 } })).toBeNull();
    expect(run(R.committeeComposition, C, { committee: { members: 5, experts: 3 } })?.params.context).toBe("CONSTRUCTION_experts");
    expect(run(R.committeeComposition, C, { committee: { members: 7, experts: 5 } })).toBeNull();
    expect(run(R.committeeComposition, C, { committee: { members: 7, experts: 4 } })?.params.context).toBe("CONSTRUCTION_experts");
    expect(run(R.committeeComposition, C, { committee: { members: 6, experts: 6 } })?.params.context).toBe("CONSTRUCTION_even");
    expect(run(R.committeeComposition, C, { committee: { members: 3, experts: 3 } })?.params.context).toBe("CONSTRUCTION_tooFew");
    expect(run(R.committeeComposition, C, { committee: { members: 5, experts: 6 } })?.params.context).toBe("CONSTRUCTION_experts");
  });
  it("政府采购: ≥ 7 members from a budget of exactly 10 000 000 yuan", () => {
    expect(run(R.committeeComposition, G, { estimatedPriceFen: 999_999_999n, committee: { members: 5, experts: 4 } })).toBeNull();
    const v = run(R.committeeComposition, G, { estimatedPriceFen: 1_000_000_000n, committee: { members: 5, experts: 4 } });
    expect(v?.params).toMatchObject({ min: 7, context: "GOVERNMENT_PROCUREMENT_tooFewLarge" });
    expect(run(R.committeeComposition, G, { estimatedPriceFen: 1_000_000_000n, committee: { members: 7, experts: 5 } })).toBeNull();
    // 工程 has no such tier.
    expect(run(R.committeeComposition, C, { estimatedPriceFen: 10n ** 12n, committee: { members: 5, experts: 4 } })).toBeNull();
  });
});

describe("candidatesPublicity", () => {
  it("工程: within 3 days of the report, for at least 3 days; overdue when not yet published", () => {
    const basisAt = sh("2026-03-02 10:00");
    expect(run(R.candidatesPublicity, C, { publicity: { basisAt, startsAt: sh("2026-03-05 18:00"), endsAt: sh("2026-03-08 18:00") } })).toBeNull();
    expect(run(R.candidatesPublicity, C, { publicity: { basisAt, startsAt: sh("2026-03-06 00:00") } })?.params.context).toBe("CONSTRUCTION_late");
    expect(run(R.candidatesPublicity, C, { publicity: { basisAt, startsAt: sh("2026-03-05 18:00"), endsAt: sh("2026-03-07 23:00") } })?.params).toMatchObject({ context: "CONSTRUCTION_short", actual: 2 });
    expect(run(R.candidatesPublicity, C, { publicity: { basisAt } }, sh("2026-03-06 00:00"))?.params.context).toBe("CONSTRUCTION_overdue");
  });
  it("政府采购: within 2 working days (across 国庆), for 1 working day", () => {
    const basisAt = sh("2026-09-30 15:00");
    expect(run(R.candidatesPublicity, G, { publicity: { basisAt, startsAt: sh("2026-10-09 10:00"), endsAt: sh("2026-10-10 10:00") } })).toBeNull();
    expect(run(R.candidatesPublicity, G, { publicity: { basisAt, startsAt: sh("2026-10-10 09:00") } })?.params).toMatchObject({ due: "2026-10-09" });
    expect(run(R.candidatesPublicity, G, { publicity: { basisAt, startsAt: sh("2026-10-09 10:00"), endsAt: sh("2026-10-09 18:00") } })?.params.context).toBe("GOVERNMENT_PROCUREMENT_short");
  });
});

describe("complaintWindow, contractWithinDays, bondRefundWithinDays", () => {
  it("工程 complaint: 10 days, the last day moved past 国庆", () => {
    const basisAt = sh("2026-09-25 10:00");
    expect(run(R.complaintWindow, C, { complaint: { basisAt, filedAt: sh("2026-10-08 23:59") } })).toBeNull();
    expect(run(R.complaintWindow, C, { complaint: { basisAt, filedAt: sh("2026-10-09 00:00") } })?.params.due).toBe("2026-10-08");
  });
  it("政府采购 complaint: 15 working days", () => {
    const basisAt = sh("2026-03-02 10:00"); // Monday; 15 working days → Monday 23 March
    expect(run(R.complaintWindow, G, { complaint: { basisAt, filedAt: sh("2026-03-23 17:00") } })).toBeNull();
    expect(run(R.complaintWindow, G, { complaint: { basisAt, filedAt: sh("2026-03-24 09:00") } })).not.toBeNull();
  });
  it("contract within 30 days of the award notice", () => {
    const awardNoticeAt = sh("2026-03-02 10:00");
    expect(run(R.contractWithinDays, C, { contract: { awardNoticeAt, signedAt: sh("2026-04-01 23:00") } })).toBeNull();
    expect(run(R.contractWithinDays, C, { contract: { awardNoticeAt, signedAt: sh("2026-04-02 09:00") } })?.params.context).toBe("CONSTRUCTION_late");
    expect(run(R.contractWithinDays, G, { contract: { awardNoticeAt } }, sh("2026-04-02 00:00"))?.params.context).toBe("GOVERNMENT_PROCUREMENT_overdue");
  });
  it("bond refund: 工程 5 days (Saturday end moves to Monday), 政府采购 5 working days", () => {
    const contractSignedAt = sh("2026-03-02 10:00");
    expect(run(R.bondRefundWithinDays, C, { bondRefund: { contractSignedAt, refundedAt: sh("2026-03-09 16:00") } })).toBeNull();
    expect(run(R.bondRefundWithinDays, C, { bondRefund: { contractSignedAt, refundedAt: sh("2026-03-10 09:00") } })).not.toBeNull();
    const beforeSpringFestival = sh("2026-02-13 10:00");
    expect(run(R.bondRefundWithinDays, G, { bondRefund: { contractSignedAt: beforeSpringFestival, refundedAt: sh("2026-02-27 17:00") } })).toBeNull();
    expect(run(R.bondRefundWithinDays, G, { bondRefund: { contractSignedAt: beforeSpringFestival } }, sh("2026-02-28 08:00"))?.params.context).toBe("GOVERNMENT_PROCUREMENT_overdue");
  });
});

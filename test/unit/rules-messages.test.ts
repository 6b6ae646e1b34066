import { describe, expect, it } from "vitest";
import en from "~/locales/en/rules.json";
import zh from "~/locales/zh-CN/rules.json";
import { getFixedT } from "~/lib/i18n";
import { Calendar } from "~/domain/rules/calendar";
import { PROFILES } from "~/domain/rules/profiles";
import * as R from "~/domain/rules/statutory";
import type { ProfileId, RuleFacts, Violation } from "~/domain/rules/types";

const sh = (s: string) => new Date(`${s.replace(" ", "T")}+08:00`);
const NOW = sh("2026-06-01 12:00");

/** Facts that break each rule in each of its ways (every message variant). */
const BREAKING: Record<string, RuleFacts[]> = {
  amountsInRange: [{ estimatedPriceFen: -1n }, { ceilingPriceFen: -1n }, { bondFen: -1n }],
  deadlineInFuture: [{ bidDeadline: NOW }],
  instantsOrdered: [
    { docsAvailableFrom: NOW, docsAvailableTo: NOW },
    { docsAvailableTo: sh("2026-06-03 00:00"), bidDeadline: sh("2026-06-02 00:00") },
    { clarificationCutoff: NOW, bidDeadline: NOW },
    { objectionCutoff: NOW, bidDeadline: NOW },
  ],
  ceilingPositiveAndWithinBudget: [{ ceilingPriceFen: 0n }, { ceilingPriceFen: 2n, estimatedPriceFen: 1n }],
  bondMaxPercent: [{ bondFen: 3n, estimatedPriceFen: 100n }],
  documentsToDeadlineMinDays: [{ docsAvailableFrom: NOW, bidDeadline: sh("2026-06-02 12:00") }],
  documentsAvailabilityMinDays: [{ docsAvailableFrom: NOW, docsAvailableTo: sh("2026-06-02 12:00") }],
  changeNoticeMinDays: [{ bidDeadline: sh("2026-06-05 12:00"), changes: [{ publishedAt: NOW, affectsPreparation: true }] }],
  objectionCutoffMinDays: [{ objectionCutoff: sh("2026-06-02 12:00"), bidDeadline: sh("2026-06-05 12:00"), docsAvailableTo: NOW }],
  objectionAnswerWithinDays: [
    { objections: [{ raisedAt: sh("2026-05-01 12:00"), answeredAt: NOW }] },
    { objections: [{ raisedAt: sh("2026-05-01 12:00") }] },
  ],
  minimumBidsToOpen: [{ bidCount: 1 }],
  committeeComposition: [
    { committee: { members: 3, experts: 3 } },
    { committee: { members: 5, experts: 5 }, estimatedPriceFen: 2_000_000_000n },
    { committee: { members: 8, experts: 8 } },
    { committee: { members: 9, experts: 1 } },
  ],
  candidatesPublicity: [
    { publicity: { basisAt: sh("2026-05-01 12:00"), startsAt: NOW } },
    { publicity: { basisAt: sh("2026-05-01 12:00") } },
    { publicity: { basisAt: NOW, startsAt: NOW, endsAt: NOW } },
  ],
  complaintWindow: [{ complaint: { basisAt: sh("2026-04-01 12:00"), filedAt: NOW } }],
  contractWithinDays: [
    { contract: { awardNoticeAt: sh("2026-03-01 12:00"), signedAt: NOW } },
    { contract: { awardNoticeAt: sh("2026-03-01 12:00") } },
  ],
  bondRefundWithinDays: [
    { bondRefund: { contractSignedAt: sh("2026-03-01 12:00"), refundedAt: NOW } },
    { bondRefund: { contractSignedAt: sh("2026-03-01 12:00") } },
  ],
  drawTiming: [{ evaluationAt: sh("2026-06-20 09:00") }],
  abnormallyLowPrice: [{ bidPrices: [100_00n, 100_00n, 100_00n, 50_00n] }],
  priceWeightMinimum: [{ priceWeight: { percent: 20, subject: "GOODS" } }, { priceWeight: { percent: 5, subject: "SERVICES" } }],
  scoreDeviation: [{ scoreDeviation: { maxX100: 2000, scoreX100: 500, medianX100: 1800 } }],
  evaluationReportWithin: [
    { evaluationReport: { startedAt: sh("2026-05-01 09:00"), completedAt: NOW } },
    { evaluationReport: { startedAt: sh("2026-05-01 09:00") } },
  ],
  moreTimeShare: [{ moreTime: { members: 5, asking: 2, extended: false } }],
  priceScoreRange: [{ priceScore: { scoreX100: -1, maxX100: 3000 } }],
  awardFirstRanked: [{ award: { winnerRank: 2 } }, { award: { winnerRank: 4, reasonCode: "GAVE_UP" } }],
  contractMatchesAward: [{ contract: { awardNoticeAt: NOW, signedAt: NOW, awardPriceFen: 100n, amountFen: 120n } }],
  performanceBondMaxPercent: [{ contract: { awardNoticeAt: NOW, signedAt: NOW, amountFen: 1000n, performanceBondFen: 101n } }],
  bondRefundInterest: [{ bondRefund: { contractSignedAt: NOW, refundedAt: NOW, bondFen: 100n, interestFen: 1n, refundedFen: 102n } }],
  documentsFromPublication: [
    { publication: { at: NOW, documents: 0 } },
    { publication: { at: NOW, documents: 1 }, docsAvailableFrom: sh("2026-06-02 12:00") },
    { publication: { at: NOW, documents: 1 }, docsAvailableFrom: sh("2026-05-31 12:00") },
  ],
  lotCancellation: [
    { cancellation: { reason: "取消", cancelledAt: NOW } },
    { cancellation: { reason: "项目资金未落实", cancelledAt: sh("2026-05-01 12:00"), refundsOpen: true } },
    { cancellation: { reason: "项目资金未落实", cancelledAt: sh("2026-05-01 12:00"), refundsOpen: true, refundedAt: NOW } },
  ],
  buyerRepresentatives: [{ representatives: { experts: 4, representatives: 3 } }],
  archiveAfterReport: [{ archiveGate: { awarded: true, contractSigned: true, reportedAt: null, filedAt: null } }],
  archiveRetention: [{ archive: { archivedOn: "2026-06-01", retentionUntil: "2036-06-01" } }],
  awardReportWithinDays: [
    { award: { winnerRank: 1, awardedAt: sh("2026-05-01 12:00"), reportedAt: NOW } },
    { award: { winnerRank: 1, awardedAt: sh("2026-05-01 12:00") } },
  ],
  contractPublishWithin: [
    { contract: { awardNoticeAt: sh("2026-05-01 12:00"), signedAt: sh("2026-05-01 12:00"), publishedAt: NOW } },
    { contract: { awardNoticeAt: sh("2026-05-01 12:00"), signedAt: sh("2026-05-01 12:00") } },
  ],
  contractFilingWithin: [
    { contract: { awardNoticeAt: sh("2026-05-01 12:00"), signedAt: sh("2026-05-01 12:00"), filedAt: NOW } },
    { contract: { awardNoticeAt: sh("2026-05-01 12:00"), signedAt: sh("2026-05-01 12:00") } },
  ],
};

function allViolations(): Violation[] {
  const out: Violation[] = [];
  for (const profile of Object.keys(PROFILES) as ProfileId[]) {
    for (const e of PROFILES[profile].entries) {
      const cases = BREAKING[e.rule.id];
      expect(cases, `no breaking case for ${e.rule.id}`).toBeDefined();
      for (const facts of cases!) {
        const v = e.rule.check({ ...facts, profile, now: NOW }, e.defaults, Calendar.empty());
        // The 工程 profile has no large-budget tier: that case passes the size check there.
        if (!v && e.rule.id === "committeeComposition" && profile === "CONSTRUCTION") continue;
        expect(v, `${profile} ${e.rule.id} ${JSON.stringify(facts, (_, x) => (typeof x === "bigint" ? String(x) : x))}`).not.toBeNull();
        out.push(v!);
      }
    }
  }
  return out;
}

describe("violation messages", () => {
  it("every statutory rule of both profiles is covered", () => {
    expect(Object.keys(BREAKING).sort()).toEqual(Object.keys(R).filter((k) => !k.startsWith("MAX_")).sort());
  });

  it("render in Chinese and English with the article, every placeholder filled", () => {
    const zhT = getFixedT("zh-CN", "rules");
    const enT = getFixedT("en", "rules");
    const seen = new Set<string>();
    for (const v of allViolations()) {
      const z = zhT(v.code, v.params);
      const e = enT(v.code, v.params);
      const what = `${v.ruleId}/${v.params.context}`;
      seen.add(what);
      expect(z, what).toContain(v.article.zh);
      expect(e, what).toContain(v.article.en);
      for (const s of [z, e]) {
        expect(s, what).not.toMatch(/\{\{|\$t\(|violations\./);
      }
      // An English message that fell back to Chinese would contain CJK characters.
      expect(e, what).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(seen.size).toBeGreaterThan(45);
  });

  it("the brief's example reads as specified", () => {
    const [v] = [R.documentsToDeadlineMinDays.check(
      { profile: "CONSTRUCTION", now: NOW, docsAvailableFrom: sh("2026-03-02 09:00"), bidDeadline: sh("2026-03-20 09:00") },
      { minDays: 20 },
      Calendar.empty(),
    )!];
    expect(getFixedT("zh-CN", "rules")(v.code, v.params)).toBe(
      "招标投标法第二十四条：自招标文件开始发出之日起至投标截止不得少于 20 日（当前为 18 日，最早可定于 2026-03-22）",
    );
    expect(getFixedT("en", "rules")(v.code, v.params)).toBe(
      "Tendering Law art. 24: at least 20 days from first issue of the tender documents to the bid deadline (currently 18 days; earliest possible deadline date 2026-03-22)",
    );
  });

  it("the fallback of instantsOrdered names the fields through nesting", () => {
    const t = getFixedT("en", "rules");
    expect(t("rules:violations.instantsOrdered", { earlier: "objectionCutoff", later: "bidDeadline", articleEn: "Platform rule" })).toBe(
      "Platform rule: the schedule is out of order (objection cut-off must come before bid deadline)",
    );
  });

  it("both languages have the same keys (plural forms aside: English has _one/_other, Chinese one form)", () => {
    const keys = (o: unknown, p = ""): string[] =>
      typeof o === "object" && o !== null && !Array.isArray(o)
        ? Object.entries(o).flatMap(([k, v]) => keys(v, p ? `${p}.${k}` : k))
        : [p.replace(/_(zero|one|two|few|many|other)$/, "")];
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(zh))].sort());
  });
});

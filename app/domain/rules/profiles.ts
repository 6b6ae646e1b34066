import * as R from "./statutory";
import type { Article, ParamValue, Params, ProfileId, Rule } from "./types";

/**
 * The two rule profiles: which rules apply to a tender of each procurement type, with the law's values
 * as defaults. A centre may override parameters (RuleSetting rows, loadRuleParams), only ever stricter
 * than these defaults (validateRuleOverride), because the defaults are the statutory minimums/maximums.
 */
export interface ProfileEntry {
  rule: Rule<Params>;
  defaults: Params;
}

export interface Profile {
  id: ProfileId;
  name: Article;
  entries: readonly ProfileEntry[];
}

/** Type-checks defaults against the rule's parameter type, then forgets it (profiles hold many rules). */
function entry<P extends Params>(rule: Rule<P>, defaults: P): ProfileEntry {
  return { rule: rule as unknown as Rule<Params>, defaults };
}

/** 10 000 000 yuan in fen: the 政府采购 budget from which the committee has at least 7 members. */
export const LARGE_PROCUREMENT_BUDGET_FEN = 1_000_000_000;

const shared = [
  entry(R.amountsInRange, { maxFen: R.MAX_AMOUNT_FEN_NUMBER }),
  entry(R.deadlineInFuture, {}),
  entry(R.instantsOrdered, {}),
  entry(R.ceilingPositiveAndWithinBudget, {}),
  entry(R.bondMaxPercent, { maxPercent: 2 }),
  entry(R.documentsToDeadlineMinDays, { minDays: 20 }),
  entry(R.changeNoticeMinDays, { minDays: 15 }),
  entry(R.minimumBidsToOpen, { min: 3 }),
  entry(R.contractWithinDays, { withinDays: 30, unit: "DAYS" }),
  entry(R.abnormallyLowPrice, { belowMeanPercent: 20, replyMinutes: 60 }),
  entry(R.scoreDeviation, { percentOfMax: 30 }),
  entry(R.moreTimeShare, { numerator: 1, denominator: 3, extendHours: 24 }),
  entry(R.awardFirstRanked, {}),
  entry(R.contractMatchesAward, {}),
  entry(R.performanceBondMaxPercent, { maxPercent: 10 }),
  entry(R.bondRefundInterest, { annualRateBp: 35 }),
  entry(R.archiveRetention, { minYears: 15 }),
  entry(R.documentsFromPublication, {}),
  entry(R.archiveAfterReport, {}),
  entry(R.buyerRepresentatives, { maxShareNumerator: 1, maxShareDenominator: 3 }),
];

export const PROFILES: Record<ProfileId, Profile> = {
  CONSTRUCTION: {
    id: "CONSTRUCTION",
    name: { zh: "工程建设", en: "Construction works" },
    entries: [
      ...shared,
      entry(R.documentsAvailabilityMinDays, { minDays: 5, unit: "DAYS" }),
      entry(R.objectionCutoffMinDays, { minDays: 10, unit: "DAYS", mode: "BEFORE_DEADLINE" }),
      entry(R.objectionAnswerWithinDays, { withinDays: 3, unit: "DAYS" }),
      entry(R.committeeComposition, {
        minMembers: 5,
        expertShareNumerator: 2,
        expertShareDenominator: 3,
        largeBudgetFen: 0,
        largeMinMembers: 5,
      }),
      entry(R.candidatesPublicity, { publishWithin: 3, publishUnit: "DAYS", minDuration: 3, durationUnit: "DAYS" }),
      entry(R.complaintWindow, { withinDays: 10, unit: "DAYS" }),
      entry(R.bondRefundWithinDays, { withinDays: 5, unit: "DAYS" }),
      entry(R.lotCancellation, { withinDays: 5, unit: "DAYS" }),
      entry(R.evaluationReportWithin, { withinDays: 5, unit: "DAYS" }),
      entry(R.priceScoreRange, { deductAbovePerPercentX100: 100, deductBelowPerPercentX100: 50 }),
      entry(R.awardReportWithinDays, { withinDays: 15, unit: "DAYS" }),
    ],
  },
  GOVERNMENT_PROCUREMENT: {
    id: "GOVERNMENT_PROCUREMENT",
    name: { zh: "政府采购", en: "Government procurement" },
    entries: [
      ...shared,
      entry(R.documentsAvailabilityMinDays, { minDays: 5, unit: "WORKING_DAYS" }),
      entry(R.objectionCutoffMinDays, { minDays: 7, unit: "WORKING_DAYS", mode: "AFTER_DOCUMENTS" }),
      entry(R.objectionAnswerWithinDays, { withinDays: 7, unit: "WORKING_DAYS" }),
      entry(R.committeeComposition, {
        minMembers: 5,
        expertShareNumerator: 2,
        expertShareDenominator: 3,
        largeBudgetFen: LARGE_PROCUREMENT_BUDGET_FEN,
        largeMinMembers: 7,
      }),
      entry(R.drawTiming, { maxWorkingDaysBefore: 2 }),
      entry(R.candidatesPublicity, {
        publishWithin: 2,
        publishUnit: "WORKING_DAYS",
        minDuration: 1,
        durationUnit: "WORKING_DAYS",
      }),
      entry(R.complaintWindow, { withinDays: 15, unit: "WORKING_DAYS" }),
      entry(R.bondRefundWithinDays, { withinDays: 5, unit: "WORKING_DAYS" }),
      entry(R.lotCancellation, { withinDays: 5, unit: "WORKING_DAYS" }),
      entry(R.evaluationReportWithin, { withinDays: 2, unit: "WORKING_DAYS" }),
      entry(R.priceWeightMinimum, { goodsMinPercent: 30, servicesMinPercent: 10 }),
      entry(R.priceScoreRange, { deductAbovePerPercentX100: 0, deductBelowPerPercentX100: 0 }),
      entry(R.contractPublishWithin, { withinDays: 2, unit: "WORKING_DAYS" }),
      entry(R.contractFilingWithin, { withinDays: 7, unit: "WORKING_DAYS" }),
    ],
  },
};

/** Effective parameters: profile → rule id → parameter values. */
export type ProfileParams = Record<string, Params>;
export type RuleParams = Record<ProfileId, ProfileParams>;

export function defaultRuleParams(): RuleParams {
  const out = {} as RuleParams;
  for (const p of Object.values(PROFILES)) {
    out[p.id] = Object.fromEntries(p.entries.map((e) => [e.rule.id, { ...e.defaults }]));
  }
  return out;
}

export function findEntry(profile: ProfileId, ruleId: string): ProfileEntry | undefined {
  return PROFILES[profile]?.entries.find((e) => e.rule.id === ruleId);
}

export type OverrideCheck =
  | { ok: true; params: Params }
  | { ok: false; reason: "unknownRule" | "notAnObject" | "unknownParam" | "badValue" | "fixed" | "looser"; param?: string };

/**
 * Validates a centre's override of one rule's parameters and merges it over the defaults. Only stricter
 * values pass: a longer minimum period, a shorter deadline to act, a lower maximum; units and modes are
 * fixed by the law and cannot change.
 */
export function validateRuleOverride(profile: ProfileId, ruleId: string, candidate: unknown): OverrideCheck {
  const e = findEntry(profile, ruleId);
  if (!e) return { ok: false, reason: "unknownRule" };
  if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) return { ok: false, reason: "notAnObject" };
  const merged: Params = { ...e.defaults };
  for (const [k, v] of Object.entries(candidate as Record<string, unknown>)) {
    const dir = (e.rule.paramSpec as Record<string, string>)[k];
    const def: ParamValue | undefined = e.defaults[k];
    if (!dir || def === undefined) return { ok: false, reason: "unknownParam", param: k };
    if (typeof v !== typeof def) return { ok: false, reason: "badValue", param: k };
    if (typeof v === "number" && (!Number.isSafeInteger(v) || v < 0)) return { ok: false, reason: "badValue", param: k };
    if (dir === "centre") {
      merged[k] = v as ParamValue;
      continue;
    }
    if (dir === "fixed" && v !== def) return { ok: false, reason: "fixed", param: k };
    if (dir === "atLeast" && (v as number) < (def as number)) return { ok: false, reason: "looser", param: k };
    if (dir === "atMost" && (v as number) > (def as number)) return { ok: false, reason: "looser", param: k };
    merged[k] = v as ParamValue;
  }
  return { ok: true, params: merged };
}

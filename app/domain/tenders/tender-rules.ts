import type { Calendar } from "~/domain/rules/calendar";
import { loadCalendar } from "~/domain/rules/load-calendar";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { checkRule, checkTenderSchedule } from "~/domain/rules/check-tender-schedule";
import { ruleDueAt, ruleParam } from "~/domain/rules/rule-param";
import type { RuleParams } from "~/domain/rules/profiles";
import { proposeDeadlineAfterChange } from "~/domain/rules/propose-deadline-after-change";
import type { ProfileId, RuleFacts, Violation } from "~/domain/rules/types";
import { assertNoViolations } from "~/domain/rules/violation-error";
import type { Db, Tx } from "~/lib/db.server";

/**
 * How the tenders area uses the statutory rules (app/domain/rules, pure functions): the one place that
 * loads the centre's calendar and parameters and turns lots into the rules' facts.
 */
export interface TenderRules {
  calendar: Calendar;
  params: RuleParams;
}

/** The holiday calendar and the centre's rule parameters (statutory defaults, overridden only stricter). */
export async function loadTenderRules(db: Tx | Db): Promise<TenderRules> {
  const [calendar, params] = await Promise.all([loadCalendar(db as Tx), loadRuleParams(db as Tx)]);
  return { calendar, params };
}

type LotFacts = Pick<
  RuleFacts,
  | "docsAvailableFrom" | "docsAvailableTo" | "clarificationCutoff" | "objectionCutoff" | "bidDeadline"
  | "estimatedPriceFen" | "ceilingPriceFen" | "bondFen"
>;

const factsOf = (lot: LotFacts): RuleFacts => ({
  docsAvailableFrom: lot.docsAvailableFrom,
  docsAvailableTo: lot.docsAvailableTo,
  clarificationCutoff: lot.clarificationCutoff,
  objectionCutoff: lot.objectionCutoff,
  bidDeadline: lot.bidDeadline,
  estimatedPriceFen: lot.estimatedPriceFen,
  ceilingPriceFen: lot.ceilingPriceFen,
  bondFen: lot.bondFen,
});

/** Rules a draft must meet whenever it is saved: amounts, bond ratio, order of instants, future deadline. */
const TERMS_RULES = ["amountsInRange", "ceilingPositiveAndWithinBudget", "bondMaxPercent", "instantsOrdered", "deadlineInFuture"];

export function termsViolations(profile: ProfileId, lot: LotFacts, r: TenderRules, now: Date): Violation[] {
  return TERMS_RULES.map((id) => checkRule(profile, id, factsOf(lot), r.params, r.calendar, now)).filter(
    (v): v is Violation => v !== null,
  );
}

/** Every rule of the profile over the lot's schedule and amounts (submission, approval, change notice). */
export function scheduleViolations(
  profile: ProfileId,
  lot: LotFacts,
  r: TenderRules,
  now: Date,
  extra: Pick<RuleFacts, "changes"> = {},
): Violation[] {
  return checkTenderSchedule(profile, { ...factsOf(lot), ...extra }, r.params, r.calendar, now);
}

/** Throws RuleViolationsError (all violations, the first one as the message) when there is any. */
export const assertNoRuleViolations = assertNoViolations;

/**
 * A change published now that affects bid preparation: the earliest legal deadline when the current one is
 * too close (≥ 15 days after the change, next working day), else null.
 */
export function proposeDeadline(profile: ProfileId, currentDeadline: Date, r: TenderRules, now: Date): Date | null {
  return proposeDeadlineAfterChange(profile, now, currentDeadline, r.params, r.calendar);
}

export function changeNoticeMinDays(profile: ProfileId, r: TenderRules): number {
  return Number(ruleParam({ profile, rules: r }, "changeNoticeMinDays").minDays);
}

/** When an objection raised at `raisedAt` must be answered: end of the 3rd day (工程) / 7th working day (政府采购). */
export function objectionAnswerDueAt(profile: ProfileId, raisedAt: Date, r: TenderRules): Date {
  return ruleDueAt({ profile, rules: r }, "objectionAnswerWithinDays", raisedAt);
}

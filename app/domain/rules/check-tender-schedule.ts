import type { Calendar } from "./calendar";
import { PROFILES, type RuleParams } from "./profiles";
import type { ProfileId, RuleFacts, Violation } from "./types";

/**
 * Runs every rule of the profile over the lot's facts and returns ALL violations (empty = legal), in the
 * profile's order, so a form shows every problem at once. Rules whose facts are absent stay silent,
 * so the same call serves publication (schedule, amounts) and later steps (bids, committee, award).
 */
export function checkTenderSchedule(
  profile: ProfileId,
  input: RuleFacts,
  params: RuleParams,
  calendar: Calendar,
  now: Date,
): Violation[] {
  const p = PROFILES[profile];
  if (!p) throw new RangeError(`unknown rule profile ${profile}`);
  const out: Violation[] = [];
  for (const e of p.entries) {
    const v = e.rule.check({ ...input, profile, now }, params[profile]?.[e.rule.id] ?? e.defaults, calendar);
    if (v) out.push(v);
  }
  return out;
}

/** One rule of the profile (e.g. minimumBidsToOpen at the deadline); null when it holds or does not apply. */
export function checkRule(
  profile: ProfileId,
  ruleId: string,
  input: RuleFacts,
  params: RuleParams,
  calendar: Calendar,
  now: Date,
): Violation | null {
  const e = PROFILES[profile]?.entries.find((x) => x.rule.id === ruleId);
  if (!e) throw new RangeError(`rule ${ruleId} is not in profile ${profile}`);
  return e.rule.check({ ...input, profile, now }, params[profile]?.[ruleId] ?? e.defaults, calendar);
}

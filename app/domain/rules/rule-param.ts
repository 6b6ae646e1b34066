import type { Calendar } from "./calendar";
import { periodEndsAt, type PeriodUnit } from "./periods";
import { findEntry, type RuleParams } from "./profiles";
import type { ProfileId } from "./types";

/** A profile and the centre's rules: what every read of a rule parameter needs. */
export interface RuleContext {
  profile: ProfileId;
  rules: { params: RuleParams; calendar: Calendar };
}

/**
 * A rule parameter of the profile: the centre's setting (only ever stricter) or the statutory default of
 * app/domain/rules/profiles.ts — the one place defaults live, so no caller keeps a fallback of its own.
 */
export function ruleParam(ctx: { profile: ProfileId; rules: { params: RuleParams } }, ruleId: string): Record<string, string | number> {
  const e = findEntry(ctx.profile, ruleId);
  if (!e) throw new RangeError(`rule ${ruleId} is not in profile ${ctx.profile}`);
  return ctx.rules.params[ctx.profile]?.[ruleId] ?? e.defaults;
}

/** The instant an n-day (or working-day) period of a rule, started at `from`, is over. */
export function ruleDueAt(ctx: RuleContext, ruleId: string, from: Date, nKey = "withinDays", unitKey = "unit"): Date {
  const p = ruleParam(ctx, ruleId);
  return periodEndsAt(ctx.rules.calendar, p[unitKey] as PeriodUnit, from, Number(p[nKey]));
}

/**
 * The rules area's public surface: statutory rules as pure functions grouped in two profiles, the
 * holiday calendar and working-day arithmetic (the centre's days), and the few database-facing calls.
 */
export * from "./types";
export * from "./dates";
export { Calendar, type CalendarEntry, type CalendarDayKind, type CalendarRowLike } from "./calendar";
export * from "./working-days";
export * from "./periods";
export * from "./profiles";
export { checkTenderSchedule, checkRule } from "./check-tender-schedule";
export { proposeDeadlineAfterChange } from "./propose-deadline-after-change";
export { RuleViolationsError, isRuleViolationsError, assertNoViolations } from "./violation-error";
export { PLATFORM_RULE } from "./violation";
export { loadCalendar } from "./load-calendar";
export { loadRuleParams } from "./load-rule-params";
export { setCalendarDay } from "./set-calendar-day";
export { removeCalendarDay } from "./remove-calendar-day";
export { setRuleSetting, type SetRuleSettingInput } from "./set-rule-setting";
export * from "./calendar-day-schema";

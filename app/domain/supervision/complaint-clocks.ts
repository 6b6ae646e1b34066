import type { Calendar } from "~/domain/rules/calendar";
import { addWorkingDays } from "~/domain/rules/working-days";

/** 投诉: accept or refuse within 3 working days of receipt (实施条例第六十一条 / 财政部令第94号). */
export const ACCEPT_WITHIN_WORKING_DAYS = 3;
/** 投诉处理决定 within 30 working days of acceptance. */
export const DECIDE_WITHIN_WORKING_DAYS = 30;

export const complaintAcceptDueAt = (calendar: Calendar, filedAt: Date) => addWorkingDays(calendar, filedAt, ACCEPT_WITHIN_WORKING_DAYS);
export const complaintDecisionDueAt = (calendar: Calendar, acceptedAt: Date) =>
  addWorkingDays(calendar, acceptedAt, DECIDE_WITHIN_WORKING_DAYS);

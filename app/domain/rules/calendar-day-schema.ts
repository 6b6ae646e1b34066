import { z } from "zod";
import { isValidDateStr } from "./dates";

/**
 * One Zod schema for the calendar form, used by the admin page (Conform, both sides) and re-checked by
 * the domain functions. Messages are i18next keys in the rules namespace.
 */
export const calendarDateSchema = z
  .string({ error: "rules:errors.invalidDate" })
  .trim()
  .refine((s) => isValidDateStr(s), { message: "rules:errors.invalidDate" });

export const calendarDayNameSchema = z
  .string({ error: "rules:errors.nameRequired" })
  .trim()
  .min(1, { message: "rules:errors.nameRequired" })
  .max(50, { message: "rules:errors.nameTooLong" })
  // Control characters have no place in a holiday's name (and would break the PDF and log views).
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "rules:errors.nameInvalid" });

export const setCalendarDaySchema = z.object({
  date: calendarDateSchema,
  kind: z.enum(["HOLIDAY", "MAKEUP_WORKDAY"], { error: "rules:errors.invalidKind" }),
  name: calendarDayNameSchema,
});

export const removeCalendarDaySchema = z.object({ date: calendarDateSchema });

export type SetCalendarDayInput = z.input<typeof setCalendarDaySchema>;
export type RemoveCalendarDayInput = z.input<typeof removeCalendarDaySchema>;

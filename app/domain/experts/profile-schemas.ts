import { z } from "zod";
import { msg } from "~/domain/accounts/messages";
import { creditCodeField } from "~/domain/accounts/schemas";
import { fromDatetimeLocal } from "~/lib/time";

/**
 * The expert self-service forms (/expert/profile): ONE Zod schema per form, used by Conform in the
 * browser, by the action and again by the domain function (parseOrThrow). Pure: no server imports.
 */
const E = "experts:errors";
const A = "accounts:errors";

const text = (max: number) =>
  z
    .string({ error: `${A}.required` })
    .trim()
    .min(1, `${A}.required`)
    .max(max, msg(`${A}.tooLongField`, { max }));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, msg(`${A}.tooLongField`, { max }))
    .optional()
    .transform((v) => v ?? "");

/** Mainland mobile number (the SMS call goes there): 11 digits starting with 1, as in the import. */
const phoneField = z
  .string({ error: `${A}.required` })
  .trim()
  .regex(/^1\d{10}$/, `${E}.phone`);

const emailField = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, msg(`${A}.tooLongField`, { max: 254 }))
    .pipe(z.email(`${E}.email`))
    .optional()
    .transform((v) => v ?? ""),
);

export const profileSchema = z.object({
  intent: z.literal("profile"),
  phone: phoneField,
  email: emailField,
  title: optionalText(60),
  employerOrgName: text(200),
  employerCreditCode: creditCodeField,
});
export type ProfileInput = z.input<typeof profileSchema>;

/** Leave may be planned at most this far ahead. */
export const LEAVE_MAX_AHEAD_DAYS = 366;

const instantField = z
  .string({ error: `${A}.required` })
  .trim()
  .min(1, `${A}.required`)
  .transform((v, ctx) => {
    const d = fromDatetimeLocal(v);
    if (!d) {
      ctx.addIssue({ code: "custom", message: `${E}.leaveInstant` });
      return z.NEVER;
    }
    return d;
  });

/** Start/end in Beijing time (datetime-local); the "not in the past / at most a year ahead" rules are the domain's (they need the clock). */
export const leaveSchema = z
  .object({
    intent: z.literal("addLeave"),
    startsAt: instantField,
    endsAt: instantField,
    reason: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt.getTime() <= v.startsAt.getTime()) ctx.addIssue({ code: "custom", path: ["endsAt"], message: `${E}.leaveOrder` });
  });
export type LeaveInput = z.input<typeof leaveSchema>;

export const removeLeaveSchema = z.object({ intent: z.literal("removeLeave"), leaveId: z.uuid() });

const specialtyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]\d{0,8}$/, `${E}.specialtyCode`);

export const specialtyRequestSchema = z.object({
  intent: z.literal("requestSpecialties"),
  codes: z
    .array(specialtyCode, { error: `${E}.specialtyRequestCodes` })
    .min(1, `${E}.specialtyRequestCodes`)
    .max(20, msg(`${E}.specialtyRequestTooMany`, { max: 20 }))
    .transform((c) => [...new Set(c)].sort()),
  note: text(1000),
});
export type SpecialtyRequestInput = z.input<typeof specialtyRequestSchema>;

/** Staff decide a pending request: apply (through setExpertSpecialties, audited) or reject with a reason. */
export const decideSpecialtyRequestSchema = z.discriminatedUnion("decision", [
  z.object({ intent: z.literal("decideRequest"), requestId: z.uuid(), decision: z.literal("apply"), note: optionalText(300) }),
  z.object({ intent: z.literal("decideRequest"), requestId: z.uuid(), decision: z.literal("reject"), note: text(300) }),
]);

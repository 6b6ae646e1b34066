import { z } from "zod";
import { checkPasswordPolicy, PASSWORD_MAX } from "./check-password-policy";
import { msg } from "./messages";
import { STAFF_CREATABLE_ROLES } from "./roles";
import { validateCreditCode } from "./validate-credit-code";

/**
 * The account forms' Zod schemas, ONE per form, used by Conform in the browser and by the action and
 * the domain function on the server. Every field has a maximum length (matching its column), so an
 * oversized field is refused with a message instead of a database error. Pure: no server imports.
 */
const E = "accounts:errors";

const text = (max: number, min = 1) =>
  z
    .string({ error: `${E}.required` })
    .trim()
    .min(min, min > 1 ? msg(`${E}.tooShortField`, { min }) : `${E}.required`)
    .max(max, msg(`${E}.tooLongField`, { max }));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, msg(`${E}.tooLongField`, { max }))
    .optional()
    .transform((v) => v ?? "");

export const usernameField = z
  .string({ error: `${E}.required` })
  .trim()
  .toLowerCase()
  .max(64, msg(`${E}.tooLongField`, { max: 64 }))
  .regex(/^[a-z0-9][a-z0-9_.-]{2,63}$/, `${E}.usernameFormat`);

const emailField = z
  .string({ error: `${E}.required` })
  .trim()
  .toLowerCase()
  .max(254, msg(`${E}.tooLongField`, { max: 254 }))
  .pipe(z.email(`${E}.emailFormat`));

const phoneField = z
  .string({ error: `${E}.required` })
  .trim()
  .max(30, msg(`${E}.tooLongField`, { max: 30 }))
  .regex(/^\+?[0-9][0-9 ()-]{4,28}$/, `${E}.phoneFormat`);

/** Optional phone: an empty field (a browser's "") means none, anything typed must look like a number. */
const optionalPhoneField = z.preprocess((v) => (v === "" ? undefined : v), phoneField.optional()).transform((v) => v ?? "");

const passwordField = z
  .string({ error: `${E}.required` })
  .max(PASSWORD_MAX, msg(`${E}.password.tooLong`, { max: PASSWORD_MAX }));

export const creditCodeField = z
  .string({ error: `${E}.required` })
  .max(40, msg(`${E}.tooLongField`, { max: 18 }))
  .transform((v, ctx) => {
    const r = validateCreditCode(v);
    if (!r.ok) ctx.addIssue({ code: "custom", message: `${E}.creditCode.${r.problem}` });
    return r.code;
  });

/**
 * Zod skips object-level refinements while any field is invalid; the password rules must show together
 * with the other fields' errors, so they always run (refinePassword copes with missing values).
 */
const ALWAYS = { when: () => true };

/** Adds one issue per broken password rule on `field`, plus the confirmation check. */
function refinePassword(
  v: { password?: string; username?: string; confirmPassword?: string },
  ctx: z.RefinementCtx,
  field = "password",
) {
  if (typeof v.password !== "string") return;
  const username = typeof v.username === "string" ? v.username.trim().toLowerCase() : undefined;
  for (const p of checkPasswordPolicy(v.password, { username })) {
    ctx.addIssue({ code: "custom", path: [field], message: `${E}.password.${p}` });
  }
  if (v.confirmPassword !== undefined && v.confirmPassword !== v.password) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: `${E}.password.mismatch` });
  }
}

export const registerSchema = z
  .object({
    companyName: text(200, 2),
    creditCode: creditCodeField,
    region: z.string({ error: `${E}.required` }).trim().regex(/^\d{6}$/, `${E}.regionFormat`),
    address: optionalText(300),
    contactName: text(100),
    contactPhone: phoneField,
    username: usernameField,
    displayName: text(100),
    email: emailField,
    phone: optionalPhoneField,
    password: passwordField,
    confirmPassword: z.string({ error: `${E}.required` }).max(PASSWORD_MAX, msg(`${E}.tooLongField`, { max: PASSWORD_MAX })),
  })
  .superRefine((v, ctx) => refinePassword(v, ctx), ALWAYS);
export type RegisterInput = z.output<typeof registerSchema>;

export const loginSchema = z.object({
  username: z.string({ error: `${E}.required` }).trim().toLowerCase().max(64, msg(`${E}.tooLongField`, { max: 64 })),
  password: passwordField,
  redirectTo: z.string().max(500).optional(),
});

export const totpCodeSchema = z.object({
  code: z
    .string({ error: `${E}.required` })
    .max(20, `${E}.totpFormat`)
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, `${E}.totpFormat`)),
});

/** Change password: the policy needs the username, which the page knows. */
export const changePasswordSchema = (username: string) =>
  z
    .object({
      intent: z.literal("password"),
      currentPassword: passwordField,
      password: passwordField,
      confirmPassword: passwordField,
    })
    .superRefine((v, ctx) => refinePassword({ ...v, username }, ctx), ALWAYS);

export const createAccountSchema = z
  .object({
    intent: z.literal("create"),
    orgId: z.uuid(`${E}.required`),
    role: z.enum(STAFF_CREATABLE_ROLES as ["STAFF", ...("SUPERVISOR" | "EXPERT" | "SOCIAL_SUPERVISOR")[]], {
      error: `${E}.required`,
    }),
    username: usernameField,
    displayName: text(100),
    email: emailField,
    phone: optionalPhoneField,
    password: passwordField,
  })
  .superRefine((v, ctx) => refinePassword(v, ctx), ALWAYS);
export type CreateAccountInput = z.output<typeof createAccountSchema>;

export const ORG_KINDS_MANAGED = ["CENTRE", "BUYER", "AGENT", "SUPERVISION", "OTHER"] as const;

export const createOrganisationSchema = z.object({
  intent: z.literal("createOrg"),
  kind: z.enum(ORG_KINDS_MANAGED, { error: `${E}.required` }),
  name: text(200, 2),
  creditCode: creditCodeField,
  region: z.string({ error: `${E}.required` }).trim().regex(/^\d{6}$/, `${E}.regionFormat`),
  contactName: optionalText(100),
  contactPhone: optionalPhoneField,
});
export type CreateOrganisationInput = z.output<typeof createOrganisationSchema>;

import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { parseOrThrow } from "./field-errors";
import { hashPassword } from "./password-hash";
import { assertCan } from "./permissions";
import { consumeRegistrationAttempt } from "./registration-rate-limit";
import { registerSchema } from "./schemas";

/** How long the e-mailed confirmation link works. */
export const REGISTRATION_LINK_HOURS = 24;

export const registrationTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** What every well-formed application gets back — the same whether it is new or collides with an account. */
export interface RegisterAnswer {
  submitted: true;
  /** The address the applicant typed (they know it): "we wrote to …". */
  email: string;
  hours: number;
}

/**
 * A company applies to register itself with its 统一社会信用代码 and its first bidder user (issue 2), without
 * learning which usernames, e-mails and credit codes exist (issue 13 item 9):
 *
 *  - the form's own format errors (credit-code check character, weak password, …) still come back as field
 *    errors — they reveal nothing about other accounts;
 *  - every well-formed application counts against the per-IP limit (429 beyond it) and gets the same answer:
 *    "application received, confirm from the e-mail we sent";
 *  - a new one is stored as a RegistrationRequest and its confirmation link e-mailed to the applicant; the
 *    organisation and user are created when the link is used (confirmRegistration);
 *  - one that collides stores nothing of the applicant's: the holders of what collided are told (in-app and
 *    e-mail) that someone tried to register with their details, and the applicant's address (unless it is
 *    the colliding one) is told the application could not be completed, without saying which item collided.
 * Both cases are audited (the log is read by supervisors and the audit admin, not by the applicant).
 */
export async function registerCompany(actor: Actor, raw: unknown, now = new Date()): Promise<RegisterAnswer> {
  assertCan(actor, "org.register");
  const input = parseOrThrow(registerSchema, raw);
  await consumeRegistrationAttempt(actor.ip);
  const passwordHash = await hashPassword(input.password);
  const { password: _p, confirmPassword: _c, ...application } = input;
  const answer: RegisterAnswer = { submitted: true, email: input.email, hours: REGISTRATION_LINK_HOURS };
  await getDb().$transaction(async (tx) => {
    const [org, users] = await Promise.all([
      tx.organisation.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
      tx.user.findMany({
        where: { OR: [{ username: input.username }, { email: input.email }] },
        select: { id: true, username: true, email: true },
      }),
    ]);
    const byUsername = users.filter((u) => u.username === input.username);
    const byEmail = users.filter((u) => u.email === input.email);
    const token = randomBytes(32).toString("base64url");
    const ref = registrationTokenHash(token).slice(0, 16);
    if (!org && !users.length) {
      // Applications whose link expired unused go (their password hash and personal data with them).
      await tx.registrationRequest.deleteMany({ where: { expiresAt: { lt: now } } });
      const request = await tx.registrationRequest.create({
        data: {
          tokenHash: registrationTokenHash(token),
          input: application,
          passwordHash,
          ip: actor.ip.slice(0, 64),
          expiresAt: new Date(now.getTime() + REGISTRATION_LINK_HOURS * 3_600_000),
        },
      });
      await notify(tx, {
        recipients: { contacts: [{ email: input.email }] },
        template: "accounts:notify.registrationConfirm",
        params: { company: input.companyName, username: input.username, hours: REGISTRATION_LINK_HOURS },
        channels: ["email"],
        link: `/register/confirm?token=${token}`,
        dedupeKey: `registration-${request.id}`,
      });
      await appendAudit(tx, actor, {
        action: "account.registration_requested",
        entityType: "RegistrationRequest",
        entityId: request.id,
        detail: { company: input.companyName, creditCode: input.creditCode, username: input.username },
      });
      return;
    }
    // Collision: tell the holders, not the applicant.
    const collided = [...(org ? ["creditCode"] : []), ...(byUsername.length ? ["username"] : []), ...(byEmail.length ? ["email"] : [])].map((f) => `accounts:fields.${f}`);
    await notify(tx, {
      recipients: { userIds: [...byUsername, ...byEmail].map((u) => u.id), orgIds: org ? [org.id] : [] },
      template: "accounts:notify.registrationAttempt",
      params: {
        at: now,
        what: [org ? input.creditCode : null, byUsername.length ? input.username : null, byEmail.length ? input.email : null].filter(Boolean).join(" / "),
      },
      channels: ["inapp", "email"],
      dedupeKey: `registration-attempt-${ref}`,
    });
    if (!byEmail.length) {
      await notify(tx, {
        recipients: { contacts: [{ email: input.email }] },
        template: "accounts:notify.registrationRefused",
        params: { company: input.companyName },
        channels: ["email"],
        dedupeKey: `registration-refused-${ref}`,
      });
    }
    await appendAudit(tx, actor, {
      action: "account.registration_collided",
      entityType: org ? "organisation" : "user",
      entityId: org?.id ?? (byUsername[0] ?? byEmail[0])!.id,
      detail: { company: input.companyName, creditCode: input.creditCode, username: input.username, collided },
    });
  });
  return answer;
}

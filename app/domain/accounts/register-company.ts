import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { enqueueJob } from "~/jobs/enqueue-job";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { getDb } from "~/lib/db.server";
import { FieldErrors, parseOrThrow, uniqueViolationFields } from "./field-errors";
import { hashPassword } from "./password-hash";
import { assertCan } from "./permissions";
import { registerSchema } from "./schemas";
import { createSession } from "./sessions";

const DUPLICATE = {
  creditCode: "accounts:errors.creditCodeTaken",
  username: "accounts:errors.usernameTaken",
  email: "accounts:errors.emailTaken",
};

export interface RegisterResult {
  orgId: string;
  userId: string;
  orgName: string;
  /** Session cookie token: the new bidder is signed in right away (TOTP is optional for bidders). */
  token: string;
}

/**
 * A company registers itself with its 统一社会信用代码 and its first bidder user. Everything — the
 * organisation, the user, the audit entries, the session and the job that renders the registration
 * certificate — commits together or not at all; duplicates come back as field errors, including when
 * two registrations race past the check (unique violation P2002).
 */
export async function registerCompany(actor: Actor, raw: unknown, now = new Date()): Promise<RegisterResult> {
  assertCan(actor, "org.register");
  const input = parseOrThrow(registerSchema, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().$transaction(async (tx) => {
      const [org, users] = await Promise.all([
        tx.organisation.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
        tx.user.findMany({
          where: { OR: [{ username: input.username }, { email: input.email }] },
          select: { username: true, email: true },
        }),
      ]);
      const fe: Record<string, string[]> = {};
      if (org) fe.creditCode = [DUPLICATE.creditCode];
      if (users.some((u) => u.username === input.username)) fe.username = [DUPLICATE.username];
      if (users.some((u) => u.email === input.email)) fe.email = [DUPLICATE.email];
      if (Object.keys(fe).length) throw new FieldErrors(fe, 409);

      const created = await tx.organisation.create({
        data: {
          kind: "BIDDER",
          name: input.companyName,
          creditCode: input.creditCode,
          region: input.region,
          address: input.address,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
        },
      });
      const user = await tx.user.create({
        data: {
          orgId: created.id,
          username: input.username,
          displayName: input.displayName,
          email: input.email,
          phone: input.phone,
          role: "BIDDER",
          passwordHash,
          passwordChangedAt: now,
          lastLoginAt: now,
        },
      });
      const userActor: Actor = { ...actor, userId: user.id, role: "BIDDER", orgId: created.id };
      await appendAudit(tx, userActor, {
        action: "account.registered",
        entityType: "organisation",
        entityId: created.id,
        after: { name: created.name, creditCode: created.creditCode, region: created.region, userId: user.id, username: user.username },
        detail: { company: created.name, creditCode: created.creditCode, username: user.username },
      });
      await enqueueJob(tx, renderRegistrationCertificate, { orgId: created.id });
      const token = await createSession(tx, { userId: user.id, mfaPassed: true, ip: actor.ip, userAgent: actor.userAgent }, now);
      await appendAudit(tx, userActor, {
        action: "session.login",
        entityType: "user",
        entityId: user.id,
        detail: { username: user.username, via: "registration" },
      });
      return { orgId: created.id, userId: user.id, orgName: created.name, token };
    });
  } catch (e) {
    throw uniqueViolationFields(e, DUPLICATE) ?? e;
  }
}

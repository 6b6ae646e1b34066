import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { assertCan } from "./permissions";
import { registrationTokenHash } from "./register-company";
import type { RegisterInput } from "./schemas";
import { createSession } from "./sessions";

/** A collision that arose after the application: said as one refusal (the link holder controls the address). */
const taken = () => new DomainError("accounts:errors.registrationTaken", {}, 409);

export interface RegisterResult {
  orgId: string;
  userId: string;
  orgName: string;
  creditCode: string;
  username: string;
  /** Session cookie token: the new bidder is signed in right away (TOTP is optional for bidders). */
  token: string;
}

type Application = Omit<RegisterInput, "password" | "confirmPassword">;

/** The application behind a confirmation link still waiting (GET /register/confirm), or 404. */
export async function getRegistrationRequest(actor: Actor, token: string, now = new Date()) {
  assertCan(actor, "org.register");
  const r = await getDb().registrationRequest.findUnique({ where: { tokenHash: registrationTokenHash(token) } });
  if (!r || r.expiresAt <= now) throw new DomainError("accounts:errors.registrationLinkInvalid", {}, 404);
  const a = r.input as unknown as Application;
  return { companyName: a.companyName, creditCode: a.creditCode, username: a.username, email: a.email };
}

/**
 * The applicant used the e-mailed link (issue 13 item 9): the organisation, the bidder user, the audit
 * entries, the session and the job that renders the registration certificate commit together or not at all
 * (issue 2), and the request is spent. A collision that arose since the application (another registration,
 * two racing confirmations) is refused as a whole, 409, and nothing is written.
 */
export async function confirmRegistration(actor: Actor, token: string, now = new Date()): Promise<RegisterResult> {
  assertCan(actor, "org.register");
  try {
    return await getDb().$transaction(async (tx) => {
      const r = await tx.registrationRequest.findUnique({ where: { tokenHash: registrationTokenHash(token) } });
      if (!r || r.expiresAt <= now) throw new DomainError("accounts:errors.registrationLinkInvalid", {}, 404);
      // Spent by deleting it (the application now lives on as the organisation and the user).
      const spent = await tx.registrationRequest.deleteMany({ where: { id: r.id } });
      if (spent.count !== 1) throw new DomainError("accounts:errors.registrationLinkInvalid", {}, 404);
      const input = r.input as unknown as Application;
      const [org, users] = await Promise.all([
        tx.organisation.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
        tx.user.findMany({ where: { OR: [{ username: input.username }, { email: input.email }] }, select: { id: true } }),
      ]);
      if (org || users.length) throw taken();

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
          passwordHash: r.passwordHash,
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
        detail: { company: created.name, creditCode: created.creditCode, username: user.username, request: r.id },
      });
      await enqueueJob(tx, renderRegistrationCertificate, { orgId: created.id });
      const session = await createSession(tx, { userId: user.id, mfaPassed: true, ip: actor.ip, userAgent: actor.userAgent }, now);
      await appendAudit(tx, userActor, {
        action: "session.login",
        entityType: "user",
        entityId: user.id,
        detail: { username: user.username, via: "registration" },
      });
      return { orgId: created.id, userId: user.id, orgName: created.name, creditCode: created.creditCode, username: user.username, token: session };
    });
  } catch (e) {
    // Two confirmations racing past the check: the unique index decides (P2002), never a 500.
    if (e && typeof e === "object" && (e as { code?: string }).code === "P2002") throw taken();
    throw e;
  }
}

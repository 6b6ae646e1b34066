import type { Role } from "~/generated/prisma/enums";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { assertLoginAllowed, countLoginFailure } from "./login-rate-limit";
import { burnPasswordCheck, verifyPassword } from "./password-hash";
import { isLocked, recordLoginFailure, type FailureReason } from "./record-login-failure";
import { isMfaRequired } from "./roles";
import { createSession, deleteSession } from "./sessions";

export interface PasswordLoginResult {
  /** New session cookie token (rotated: any previous session of this browser is deleted). */
  token: string;
  userId: string;
  /** "done": signed in; "totp": enter a code at /login/totp; "enrol": must enrol TOTP first. */
  next: "done" | "totp" | "enrol";
  /** The account's role: where the user lands afterwards (its own workspace). */
  role: Role;
}

/** One message for every failure (unknown user, wrong password, locked, disabled): no account enumeration. */
export const invalidCredentials = () => {
  const { LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES } = getEnv();
  return new DomainError("accounts:errors.invalidCredentials", { max: LOGIN_MAX_FAILURES, minutes: LOGIN_LOCK_MINUTES }, 401);
};

/**
 * First login step. Public (no permission: whoever is not signed in may try), its failures throttled per IP, locked
 * per account. When the role needs TOTP, or the user enrolled voluntarily, the session it opens is
 * pending (mfaPassed=false) and the failure counter is only reset after the second factor, so that
 * someone holding just the password cannot get unlimited TOTP guesses by logging in again.
 */
export async function authenticatePassword(
  actor: Actor,
  input: { username: string; password: string; previousToken?: string },
  now = new Date(),
): Promise<PasswordLoginResult> {
  await assertLoginAllowed(actor.ip);
  const username = input.username.trim().toLowerCase();
  const db = getDb();
  const user = username.length <= 64 ? await db.user.findUnique({ where: { username } }) : null;

  let failure: FailureReason | null = null;
  if (!user) {
    await burnPasswordCheck(input.password);
    failure = "unknown_user";
  } else {
    const ok = await verifyPassword(user.passwordHash, input.password);
    if (user.status !== "ACTIVE") failure = "disabled";
    else if (isLocked(user, now)) failure = "locked";
    else if (!ok) failure = "password";
  }

  if (failure || !user) {
    // Committed on its own: the refusal is thrown only after the failure is on record.
    await db.$transaction((tx) =>
      recordLoginFailure(tx, actor, { userId: user?.id ?? null, username }, failure ?? "unknown_user", now),
    );
    await countLoginFailure(actor.ip);
    throw invalidCredentials();
  }

  const mfa = user.totpEnabled || isMfaRequired(user.role);
  const next: PasswordLoginResult["next"] = !mfa ? "done" : user.totpEnabled ? "totp" : "enrol";
  const userActor: Actor = { ...actor, userId: user.id, role: user.role, orgId: user.orgId };

  const token = await db.$transaction(async (tx) => {
    if (input.previousToken) await deleteSession(tx, input.previousToken);
    const t = await createSession(tx, { userId: user.id, mfaPassed: !mfa, ip: actor.ip, userAgent: actor.userAgent }, now);
    if (!mfa) {
      await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
    }
    await appendAudit(tx, userActor, {
      action: mfa ? "session.password_verified" : "session.login",
      entityType: "user",
      entityId: user.id,
      detail: { username, next },
    });
    return t;
  });
  return { token, userId: user.id, next, role: user.role };
}

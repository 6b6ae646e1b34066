import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { invalidCredentials } from "./authenticate-password";
import { acceptTotpStep, completeMfa } from "./complete-mfa";
import { assertCan } from "./permissions";
import { recordLoginFailure } from "./record-login-failure";
import { checkTotpCode, decryptTotpSecret } from "./totp";

/**
 * Enables TOTP once the user types a valid code from the pending secret. When the session was still
 * pending (a role that must use TOTP, signing in for the first time) this also completes the login and
 * returns the new session token; wrong codes then count toward the lockout (only the password is
 * proven so far). For an already signed-in user a wrong code is just refused.
 */
export async function confirmTotpEnrolment(
  actor: Actor,
  input: { code: string; sessionToken: string; sessionPending: boolean },
  now = new Date(),
): Promise<{ token?: string }> {
  assertCan(actor, "account.self");
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (user.totpEnabled) throw new DomainError("accounts:errors.totpAlreadyEnabled", {}, 409);
  if (!user.totpSecretEnc) throw new DomainError("accounts:errors.totpNotStarted", {}, 409);

  const step = checkTotpCode(decryptTotpSecret(user.totpSecretEnc), input.code.replace(/\s+/g, ""), user.totpLastStep, now.getTime());
  const result = await db.$transaction(async (tx) => {
    if (step === null || !(await acceptTotpStep(tx, user.id, step))) {
      if (!input.sessionPending) return { refused: true as const, locked: false };
      const f = await recordLoginFailure(tx, actor, { userId: user.id, username: user.username }, "totp", now);
      return { refused: true as const, locked: f.locked };
    }
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: true } });
    await appendAudit(tx, actor, { action: "totp.enrolled", entityType: "user", entityId: user.id, detail: { username: user.username } });
    const token = input.sessionPending ? await completeMfa(tx, actor, user, input.sessionToken, now) : undefined;
    return { refused: false as const, token };
  });
  if (result.refused) {
    if (result.locked) throw invalidCredentials();
    throw new DomainError("accounts:errors.totpInvalid", {}, 422, "code");
  }
  return { token: result.token };
}

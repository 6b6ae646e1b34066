import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { acceptTotpStep, completeMfa } from "./complete-mfa";
import { invalidCredentials } from "./authenticate-password";
import { assertLoginAllowed, countLoginFailure } from "./login-rate-limit";
import { isLocked, recordLoginFailure } from "./record-login-failure";
import { loadSession } from "./sessions";
import { checkTotpCode, decryptTotpSecret } from "./totp";

/**
 * Second login step for an enrolled user: checks the code of the pending session's user and, on
 * success, rotates the session to a fully signed-in one (returns its token). A wrong or replayed code
 * is refused and counts toward the account lockout, exactly like a wrong password.
 */
export async function verifyTotp(
  actor: Actor,
  input: { pendingToken: string; code: string },
  now = new Date(),
): Promise<{ token: string; userId: string }> {
  await assertLoginAllowed(actor.ip);
  const session = await loadSession(input.pendingToken, now);
  if (!session || session.mfaPassed) throw new DomainError("accounts:errors.sessionExpired", {}, 401);
  const user = session.user;
  const userActor: Actor = { ...actor, userId: user.id, role: user.role, orgId: user.orgId };
  const db = getDb();

  if (isLocked(user, now) || !user.totpEnabled || !user.totpSecretEnc) {
    await db.$transaction(async (tx) => {
      await recordLoginFailure(tx, userActor, { userId: user.id, username: user.username }, "locked", now);
      await tx.session.deleteMany({ where: { id: session.id } });
    });
    await countLoginFailure(actor.ip);
    throw invalidCredentials();
  }

  const step = checkTotpCode(decryptTotpSecret(user.totpSecretEnc), input.code.replace(/\s+/g, ""), user.totpLastStep, now.getTime());
  const result = await db.$transaction(async (tx) => {
    if (step !== null && (await acceptTotpStep(tx, user.id, step))) {
      return { ok: true as const, token: await completeMfa(tx, userActor, user, input.pendingToken, now) };
    }
    const f = await recordLoginFailure(tx, userActor, { userId: user.id, username: user.username }, "totp", now);
    return { ok: false as const, locked: f.locked };
  });
  if (result.ok) return { token: result.token, userId: user.id };
  await countLoginFailure(actor.ip);
  if (result.locked) throw invalidCredentials();
  throw new DomainError("accounts:errors.totpInvalid", {}, 422, "code");
}

import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertCan } from "./permissions";
import { encryptTotpSecret, generateTotpSecret, ISSUER, totpKeyUri } from "./totp";

/**
 * Starts (or restarts) TOTP enrolment for the actor's own account: a fresh secret is stored encrypted,
 * not yet enabled; confirmTotpEnrolment enables it once the user proves their app produces codes.
 * Returns the secret for the QR code and manual entry — shown once, never logged.
 */
export async function enrolTotp(actor: Actor, deps: { issuer?: string } = {}): Promise<{ secret: string; uri: string }> {
  assertCan(actor, "account.self");
  const userId = actor.userId;
  const secret = generateTotpSecret();
  const username = await getDb().$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, totpEnabled: true } });
    if (user.totpEnabled) throw new DomainError("accounts:errors.totpAlreadyEnabled", {}, 409);
    await tx.user.update({ where: { id: userId }, data: { totpSecretEnc: encryptTotpSecret(secret), totpLastStep: null } });
    await appendAudit(tx, actor, { action: "totp.enrolment_started", entityType: "user", entityId: userId });
    return user.username;
  });
  return { secret, uri: totpKeyUri(username, deps.issuer ?? ISSUER, secret) };
}

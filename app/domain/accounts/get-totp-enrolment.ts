import type { Actor } from "~/domain/actor";
import { getDb } from "~/lib/db.server";
import { assertCan } from "./permissions";
import { isMfaRequired } from "./roles";
import { decryptTotpSecret, ISSUER, totpKeyUri } from "./totp";

/**
 * The actor's own second-factor state for the security page: enabled or not, required by the role or
 * not, and — while an enrolment is under way — the pending secret and its otpauth URI (for the QR code
 * and manual entry). The secret is only ever shown to its owner, before it is confirmed.
 */
export async function getTotpEnrolment(
  actor: Actor,
  deps: { issuer?: string } = {},
): Promise<{ enabled: boolean; required: boolean; pending: { secret: string; uri: string } | null }> {
  assertCan(actor, "account.self");
  const u = await getDb().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { username: true, role: true, totpEnabled: true, totpSecretEnc: true },
  });
  const pendingSecret = !u.totpEnabled && u.totpSecretEnc ? decryptTotpSecret(u.totpSecretEnc) : null;
  return {
    enabled: u.totpEnabled,
    required: isMfaRequired(u.role),
    pending: pendingSecret ? { secret: pendingSecret, uri: totpKeyUri(u.username, deps.issuer ?? ISSUER, pendingSecret) } : null,
  };
}

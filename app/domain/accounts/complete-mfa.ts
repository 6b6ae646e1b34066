import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Tx } from "~/lib/db.server";
import { createSession, deleteSession } from "./sessions";

/**
 * Records an accepted TOTP step atomically: of two requests racing with the same code only one wins,
 * the other sees count 0 and is treated as a replay.
 */
export async function acceptTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const r = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return r.count === 1;
}

/**
 * The second factor is proven: the pending session is replaced by a new, fully authenticated one (a new
 * id, so a token seen before MFA is worthless after it), the failure counter restarts, and the login
 * is audited.
 */
export async function completeMfa(
  tx: Tx,
  actor: Actor,
  user: { id: string; username: string },
  pendingToken: string,
  now: Date,
): Promise<string> {
  await deleteSession(tx, pendingToken);
  const token = await createSession(tx, { userId: user.id, mfaPassed: true, ip: actor.ip, userAgent: actor.userAgent }, now);
  await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await appendAudit(tx, actor, {
    action: "session.login",
    entityType: "user",
    entityId: user.id,
    detail: { username: user.username, mfa: "totp" },
  });
  return token;
}

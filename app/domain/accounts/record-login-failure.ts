import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

export type FailureReason = "unknown_user" | "password" | "locked" | "disabled" | "totp";

/**
 * Counts a failed password or TOTP attempt against an account and locks it for LOGIN_LOCK_MINUTES after
 * LOGIN_MAX_FAILURES consecutive failures (the counter restarts after a lock). The increment is atomic,
 * so parallel guesses cannot slip past the limit. Audited: session.login_failed, and account.locked.
 * `userId` null = unknown username: audited all the same (the response never says which it was).
 */
export async function recordLoginFailure(
  tx: Tx,
  actor: Actor,
  who: { userId: string | null; username: string },
  reason: FailureReason,
  now = new Date(),
): Promise<{ locked: boolean }> {
  const username = who.username.slice(0, 64);
  await appendAudit(tx, actor, {
    action: "session.login_failed",
    entityType: "user",
    entityId: who.userId ?? "unknown",
    detail: { username, reason },
  });
  // Attempts on an already locked or disabled account do not extend anything.
  if (!who.userId || reason === "locked" || reason === "disabled" || reason === "unknown_user") return { locked: false };

  const { LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES } = getEnv();
  const u = await tx.user.update({
    where: { id: who.userId },
    data: { failedLogins: { increment: 1 } },
    select: { failedLogins: true },
  });
  if (u.failedLogins < LOGIN_MAX_FAILURES) return { locked: false };

  const lockedUntil = new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000);
  await tx.user.update({ where: { id: who.userId }, data: { failedLogins: 0, lockedUntil } });
  // A pending (password-only) session must not outlive the lock.
  await tx.session.deleteMany({ where: { userId: who.userId, mfaPassed: false } });
  await appendAudit(tx, actor, {
    action: "account.locked",
    entityType: "user",
    entityId: who.userId,
    after: { lockedUntil: lockedUntil.toISOString() },
    detail: { username, failures: LOGIN_MAX_FAILURES, minutes: LOGIN_LOCK_MINUTES },
  });
  return { locked: true };
}

export const isLocked = (u: { lockedUntil: Date | null }, now = new Date()): boolean =>
  !!u.lockedUntil && u.lockedUntil.getTime() > now.getTime();

import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { loadTargetUser } from "./load-target-user";
import { assertCan } from "./permissions";

/** Lifts a lockout before it expires (after the owner proved who they are, off-line). Admins included. */
export async function unlockAccount(actor: Actor, input: { userId: string }): Promise<void> {
  assertCan(actor, "account.unlock");
  await getDb().$transaction(async (tx) => {
    const user = await loadTargetUser(tx, actor, input.userId, { allowAdmin: true });
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    await appendAudit(tx, actor, {
      action: "account.unlocked",
      entityType: "user",
      entityId: user.id,
      before: { lockedUntil: user.lockedUntil?.toISOString() ?? null, failedLogins: user.failedLogins },
      after: { lockedUntil: null, failedLogins: 0 },
      detail: { username: user.username },
    });
  });
}

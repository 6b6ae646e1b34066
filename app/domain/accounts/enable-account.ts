import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { loadTargetUser } from "./load-target-user";
import { assertCan } from "./permissions";

/** Re-enables a disabled account. */
export async function enableAccount(actor: Actor, input: { userId: string }): Promise<void> {
  assertCan(actor, "account.manage");
  await getDb().$transaction(async (tx) => {
    const user = await loadTargetUser(tx, actor, input.userId);
    if (user.status === "ACTIVE") return;
    await tx.user.update({ where: { id: user.id }, data: { status: "ACTIVE", failedLogins: 0, lockedUntil: null } });
    await appendAudit(tx, actor, {
      action: "account.enabled",
      entityType: "user",
      entityId: user.id,
      before: { status: user.status },
      after: { status: "ACTIVE" },
      detail: { username: user.username },
    });
  });
}

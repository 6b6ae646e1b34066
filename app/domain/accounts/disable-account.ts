import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { loadTargetUser } from "./load-target-user";
import { assertCan } from "./permissions";
import { endUserSessions } from "./sessions";

/** Disables an account (its sessions end at once); history and audit entries stay. */
export async function disableAccount(actor: Actor, input: { userId: string }): Promise<void> {
  assertCan(actor, "account.manage");
  await getDb().$transaction(async (tx) => {
    const user = await loadTargetUser(tx, actor, input.userId);
    if (user.status === "DISABLED") return;
    await tx.user.update({ where: { id: user.id }, data: { status: "DISABLED" } });
    await endUserSessions(tx, user.id);
    await appendAudit(tx, actor, {
      action: "account.disabled",
      entityType: "user",
      entityId: user.id,
      before: { status: user.status },
      after: { status: "DISABLED" },
      detail: { username: user.username },
    });
  });
}

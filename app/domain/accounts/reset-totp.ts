import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { loadTargetUser } from "./load-target-user";
import { assertCan } from "./permissions";
import { endUserSessions } from "./sessions";

/**
 * The security admin clears a user's second factor (lost phone). The user's sessions end; a role that
 * requires TOTP must enrol again at its next login. Admin accounts included (a security admin can help
 * the system or audit admin), but never one's own.
 */
export async function resetTotp(actor: Actor, input: { userId: string }): Promise<void> {
  assertCan(actor, "totp.reset");
  await getDb().$transaction(async (tx) => {
    const user = await loadTargetUser(tx, actor, input.userId, { allowAdmin: true });
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecretEnc: null, totpEnabled: false, totpLastStep: null },
    });
    await endUserSessions(tx, user.id);
    await appendAudit(tx, actor, {
      action: "totp.reset",
      entityType: "user",
      entityId: user.id,
      before: { totpEnabled: user.totpEnabled },
      after: { totpEnabled: false },
      detail: { username: user.username },
    });
  });
}

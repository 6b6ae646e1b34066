import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { Role } from "~/generated/prisma/enums";
import { getDb } from "~/lib/db.server";
import { loadTargetUser } from "./load-target-user";
import { assertCan } from "./permissions";
import { assertRoleFitsOrg, isAdminRole } from "./roles";
import { endUserSessions } from "./sessions";

/**
 * The security admin changes a (non-admin) account's single role, within what its organisation kind
 * allows. Nobody changes their own role; admin roles are never given or taken here. The user's
 * sessions end so the new role applies at once.
 */
export async function assignRole(actor: Actor, input: { userId: string; role: Role }): Promise<void> {
  assertCan(actor, "role.assign");
  if (isAdminRole(input.role)) throw new DomainError("accounts:errors.roleNotCreatable", { role: input.role }, 403, "role");
  await getDb().$transaction(async (tx) => {
    const user = await loadTargetUser(tx, actor, input.userId);
    if (user.role === input.role) return;
    assertRoleFitsOrg(input.role, user.org.kind);
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    await endUserSessions(tx, user.id);
    await appendAudit(tx, actor, {
      action: "role.assigned",
      entityType: "user",
      entityId: user.id,
      before: { role: user.role },
      after: { role: input.role },
      detail: { username: user.username, from: user.role, to: input.role },
    });
  });
}

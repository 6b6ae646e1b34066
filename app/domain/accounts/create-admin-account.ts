import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Role } from "~/generated/prisma/enums";
import { getDb } from "~/lib/db.server";
import { checkPasswordPolicy } from "./check-password-policy";
import { insertAccount } from "./insert-account";
import { hashPassword } from "./password-hash";
import { assertCan } from "./permissions";
import { assertRoleFitsOrg, isAdminRole } from "./roles";

export interface AdminAccountInput {
  orgId: string;
  role: Role;
  username: string;
  displayName: string;
  email: string;
  password: string;
}

/**
 * Creates one of the three admin accounts (系统/安全/审计管理员). Only the seed or a CLI acting as SYSTEM
 * may (permission account.bootstrap): no web user can mint an admin, and one account never holds two
 * admin roles because the role is a single column. Admins live only in the centre's organisation.
 * Idempotent for seeds: an existing username with the same role is returned unchanged.
 */
export async function createAdminAccount(actor: Actor, input: AdminAccountInput): Promise<{ userId: string; created: boolean }> {
  assertCan(actor, "account.bootstrap");
  if (!isAdminRole(input.role)) throw new DomainError("accounts:errors.notAdminRole", { role: input.role }, 422, "role");
  const username = input.username.trim().toLowerCase();
  const problems = checkPasswordPolicy(input.password, { username });
  if (problems.length) throw new DomainError(`accounts:errors.password.${problems[0]}`, {}, 422, "password");
  const passwordHash = await hashPassword(input.password);
  return getDb().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { username } });
    if (existing) {
      if (existing.role !== input.role) throw new DomainError("accounts:errors.usernameTaken", {}, 409, "username");
      return { userId: existing.id, created: false };
    }
    const org = await tx.organisation.findUniqueOrThrow({ where: { id: input.orgId } });
    assertRoleFitsOrg(input.role, org.kind);
    const email = input.email.trim().toLowerCase();
    const user = await insertAccount(tx, actor, org, { username, displayName: input.displayName, email, role: input.role, passwordHash }, { bootstrap: true });
    return { userId: user.id, created: true };
  });
}

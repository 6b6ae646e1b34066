import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Role } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

export interface NewAccount {
  username: string;
  displayName: string;
  email: string;
  phone?: string;
  role: Role;
  passwordHash: string;
}

/**
 * Writes an account of an organisation and its audit entry, inside the caller's transaction, once the caller
 * has checked who may create it and that the names are free (createAccount, createAdminAccount).
 */
export async function insertAccount(tx: Tx, actor: Actor, org: { id: string }, a: NewAccount, detail: Record<string, unknown>) {
  const user = await tx.user.create({ data: { orgId: org.id, ...a, passwordChangedAt: new Date() } });
  await appendAudit(tx, actor, {
    action: "account.created",
    entityType: "user",
    entityId: user.id,
    after: { username: user.username, role: user.role, orgId: org.id },
    detail: { username: user.username, role: user.role, ...detail },
  });
  return user;
}

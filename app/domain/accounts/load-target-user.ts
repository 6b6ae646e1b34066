import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { isAdminRole } from "./roles";

/**
 * The account an administrator acts on, with the rules every admin action shares: it exists, it is not
 * the actor's own account (nobody changes their own role, status or second factor), and — unless the
 * action allows it — it is not an admin account (those are managed only from the CLI).
 */
export async function loadTargetUser(tx: Tx, actor: Actor, userId: string, opts: { allowAdmin?: boolean } = {}) {
  const user = await tx.user.findUnique({ where: { id: userId }, include: { org: { select: { name: true, kind: true } } } });
  if (!user) throw new DomainError("accounts:errors.userNotFound", {}, 404);
  if (user.id === actor.userId) throw new DomainError("accounts:errors.notOnSelf", {}, 403);
  if (!opts.allowAdmin && isAdminRole(user.role)) throw new DomainError("accounts:errors.adminAccountProtected", {}, 403);
  return user;
}

import { assertCan } from "~/domain/accounts/permissions";
import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";

/**
 * Marks the actor's own notifications read: the listed ids, or all of them. Another user's id is simply
 * not matched (no error that would reveal it exists). Not audited: reading one's messages changes no
 * trade state; the notice itself and its deliveries are the record. Returns the ids' link when one id
 * was given (the page opens it) and how many rows changed.
 */
export async function markNotificationsRead(
  actor: Actor,
  input: { ids: string[] } | { all: true },
): Promise<{ updated: number; link: string | null }> {
  assertCan(actor, "account.self");
  const userId = actor.userId;
  if (!userId) throw new DomainError("common:errors.authRequired", {}, 401);
  if ("ids" in input && (input.ids.length === 0 || input.ids.length > 200)) {
    throw new DomainError("common:errors.invalidForm", {}, 400);
  }
  return getDb().$transaction(async (tx) => {
    const where = "all" in input ? { userId, readAt: null } : { userId, readAt: null, id: { in: input.ids } };
    const { count } = await tx.notification.updateMany({ where, data: { readAt: new Date() } });
    // Other tabs of the same user update their bell (notifications.stream).
    if (count > 0) await tx.$executeRaw`SELECT pg_notify('notification', ${userId})`;
    let link: string | null = null;
    if ("ids" in input && input.ids.length === 1) {
      const n = await tx.notification.findFirst({ where: { id: input.ids[0], userId }, select: { link: true } });
      link = n?.link ?? null;
    }
    return { updated: count, link };
  });
}

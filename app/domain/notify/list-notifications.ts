import { assertCan } from "~/domain/accounts/permissions";
import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { NotificationChannel, NotificationDeliveryStatus } from "~/generated/prisma/enums";
import { getDb } from "~/lib/db.server";

export const PAGE_SIZE = 30;

export interface NotificationItem {
  id: string;
  template: string;
  params: unknown;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: Date;
  readAt: Date | null;
  deliveries: {
    id: string;
    channel: NotificationChannel;
    status: NotificationDeliveryStatus;
    attempts: number;
    sentAt: Date | null;
    lastError: string | null;
    /** What was sent (for the development sinks' demo view). */
    content: string | null;
  }[];
}

/**
 * The signed-in user's own notifications, newest first, with how each external copy fared (so a user
 * sees "email failed" rather than wondering). Keyset pagination: `before` is the id of the last item shown.
 */
export async function listNotifications(
  actor: Actor,
  input: { before?: string; limit?: number } = {},
): Promise<{ items: NotificationItem[]; unread: number; hasMore: boolean }> {
  assertCan(actor, "account.self");
  if (!actor.userId) throw new DomainError("common:errors.authRequired", {}, 401);
  const db = getDb();
  const limit = Math.min(Math.max(input.limit ?? PAGE_SIZE, 1), 100);
  let cursor: { createdAt: Date; id: string } | null = null;
  if (input.before) {
    cursor = await db.notification.findFirst({ where: { id: input.before, userId: actor.userId }, select: { createdAt: true, id: true } });
  }
  const rows = await db.notification.findMany({
    where: {
      userId: actor.userId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const deliveries = page.length
    ? await db.notificationDelivery.findMany({
        where: { notificationId: { in: page.map((n) => n.id) } },
        orderBy: { channel: "asc" },
        select: { id: true, notificationId: true, channel: true, status: true, attempts: true, sentAt: true, lastError: true, content: true },
      })
    : [];
  const unread = await db.notification.count({ where: { userId: actor.userId, readAt: null } });
  return {
    unread,
    hasMore: rows.length > limit,
    items: page.map((n) => ({
      id: n.id,
      template: n.template,
      params: n.params,
      link: n.link,
      entityType: n.entityType,
      entityId: n.entityId,
      createdAt: n.createdAt,
      readAt: n.readAt,
      deliveries: deliveries.filter((d) => d.notificationId === n.id).map(({ notificationId: _n, ...d }) => d),
    })),
  };
}

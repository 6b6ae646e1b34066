import { getDb } from "~/lib/db.server";

/** Unread in-app notifications of a user (the header bell). Index-only on "Notification_unread_by_user". */
export async function countUnread(userId: string): Promise<number> {
  return getDb().notification.count({ where: { userId, readAt: null } });
}

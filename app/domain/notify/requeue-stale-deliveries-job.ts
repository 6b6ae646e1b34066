import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { deliverNotification } from "./jobs";

/**
 * Handler of requeueStaleDeliveries: PENDING deliveries untouched for `olderThanMinutes` (far longer
 * than any retry backoff) are queued again through the outbox under their own id. BullMQ ignores the add
 * while it still holds that job, so only deliveries whose job was really lost are sent.
 */
export default async function requeueStaleDeliveries(payload: { olderThanMinutes: number }) {
  const db = getDb();
  const stale = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "NotificationDelivery"
    WHERE status = 'PENDING'
      AND coalesce("lastAttemptAt", "createdAt") < now() - make_interval(mins => ${payload.olderThanMinutes})
    ORDER BY "createdAt"
    LIMIT 1000`;
  if (stale.length === 0) return { requeued: 0 };
  await db.$transaction(async (tx) => {
    for (const { id } of stale) await enqueueJob(tx, deliverNotification, { deliveryId: id });
  });
  return { requeued: stale.length };
}

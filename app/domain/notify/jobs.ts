import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * The notification jobs, defined in this area and registered in app/jobs/definitions.ts.
 *
 * deliverNotification sends one NotificationDelivery (email, SMS or voice). Its BullMQ id is the delivery
 * id, so relaying the outbox row twice never sends twice; 8 attempts with exponential backoff from 10 s
 * ride out an SMTP or provider outage of about 20 minutes before the delivery is marked FAILED.
 */
export const deliverNotification = defineJob({
  queue: "notify",
  name: "deliverNotification",
  payload: z.object({ deliveryId: z.uuid() }),
  jobId: (p) => p.deliveryId,
  attempts: 8,
  backoffMs: 10_000,
  handler: () => import("./deliver-notification-job"),
});

/**
 * Safety net: a PENDING delivery whose job vanished (Redis lost after the relay handed it over) is queued
 * again. Re-adding an id BullMQ still holds is a no-op, so a delivery waiting for its next retry is untouched.
 */
export const requeueStaleDeliveries = defineJob({
  queue: "maintenance",
  name: "requeueStaleDeliveries",
  payload: z.object({ olderThanMinutes: z.number().int().min(1).max(24 * 60).default(30) }),
  jobId: () => "requeue-stale-deliveries",
  attempts: 3,
  schedule: { pattern: "*/10 * * * *", tz: CENTRE_TZ, scheduledPayload: { olderThanMinutes: 30 } },
  handler: () => import("./requeue-stale-deliveries-job"),
});

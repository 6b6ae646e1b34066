import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "./define-job";

/** The job infrastructure's own jobs (the outbox), registered in app/jobs/definitions.ts. */
/** Deletes outbox rows relayed more than a week ago (BullMQ keeps its own history). */
export const pruneOutbox = defineJob({
  queue: "maintenance",
  name: "pruneOutbox",
  payload: z.object({ olderThanDays: z.number().int().min(1).max(365).default(7) }),
  jobId: () => "prune-outbox",
  attempts: 3,
  schedule: { pattern: "30 3 * * *", tz: CENTRE_TZ, scheduledPayload: { olderThanDays: 7 } },
  handler: () => import("./prune-outbox-job"),
});

import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Jobs of the deadline engine, registered in app/jobs/definitions.ts. */
const uuid = z.uuid();

/**
 * A lot's time-based transition at its instant. The ScheduledTransition row is the truth; this job is only
 * the alarm clock. The id embeds dueAt and rev, so a moved instant gets a new job and the stale one no-ops.
 */
export const fireTransition = defineJob({
  queue: "schedule",
  name: "fireTransition",
  payload: z.object({ transitionId: uuid, dueAtMs: z.number().int(), rev: z.number().int().min(0) }),
  jobId: (p) => `transition-${p.transitionId}-${p.dueAtMs}-r${p.rev}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./fire-transition-job"),
});

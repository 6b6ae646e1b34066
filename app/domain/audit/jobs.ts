import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * Writes the audit checkpoint of the Shanghai day that just ended (writeAuditCheckpoint). Payload `day`
 * is optional: the scheduler sends none; an operator can re-run a given day (idempotent).
 */
export const writeDailyCheckpoint = defineJob({
  queue: "maintenance",
  name: "writeDailyCheckpoint",
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
  jobId: (p) => `audit-checkpoint-${p.day ?? "previous-day"}`,
  attempts: 10,
  backoffMs: 30_000,
  // 00:05 Shanghai: five minutes after midnight leaves the closing day's in-flight transactions time to
  // commit and be sealed. The worker upserts this scheduler at boot (see define-job.ts `schedule`).
  schedule: { pattern: "5 0 * * *", tz: CENTRE_TZ, scheduledPayload: {} },
  handler: () => import("./run-daily-checkpoint"),
});


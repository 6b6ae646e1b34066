import { CENTRE_TZ } from "~/lib/time";
import type { Queue } from "bullmq";
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

/**
 * Scheduler id in BullMQ — the same id the worker's generic `schedule` upsert uses (workers/start-worker.ts),
 * so calling scheduleDailyCheckpoint as well replaces rather than duplicates.
 */
export const DAILY_CHECKPOINT_SCHEDULER = `${writeDailyCheckpoint.name}-schedule`;

/**
 * Registers the daily run at 00:05 Shanghai time on the "maintenance" queue, for a worker that does not
 * upsert `schedule`s from the registry itself (it does: this is the explicit equivalent).
 */
export async function scheduleDailyCheckpoint(queue: Queue): Promise<void> {
  await queue.upsertJobScheduler(
    DAILY_CHECKPOINT_SCHEDULER,
    { pattern: writeDailyCheckpoint.schedule!.pattern, tz: writeDailyCheckpoint.schedule!.tz },
    {
      name: writeDailyCheckpoint.name,
      data: {},
      opts: { attempts: writeDailyCheckpoint.attempts, backoff: { type: "exponential", delay: writeDailyCheckpoint.backoffMs } },
    },
  );
}

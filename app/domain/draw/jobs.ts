import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Jobs of the expert draw, registered in app/jobs/definitions.ts. */
const uuid = z.uuid();

/** A drawn expert's time to answer ran out: marks TIMED_OUT and calls the next backup (no-op if answered). */
export const drawResponseTimeout = defineJob({
  queue: "schedule",
  name: "drawResponseTimeout",
  payload: z.object({ memberId: uuid, respondByMs: z.number().int() }),
  jobId: (p) => `draw-timeout-${p.memberId}-${p.respondByMs}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./draw-response-timeout-job"),
});

/** A seat fell vacant (declined, timed out, avoided): call the next backup, or start a supplementary draw. */
export const drawCallBackup = defineJob({
  queue: "schedule",
  name: "drawCallBackup",
  payload: z.object({ memberId: uuid }),
  jobId: (p) => `draw-backup-${p.memberId}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./draw-call-backup-job"),
});

/**
 * The bidders became known (bid deadline passed, or a draw was made/finalised after it): avoidance is checked
 * again for the lot's drawn experts; a conflicting one is AVOIDED and the next backup called (app/domain/draw).
 */
export const drawAvoidanceRecheck = defineJob({
  queue: "schedule",
  name: "drawAvoidanceRecheck",
  /** Why it runs ("deadline", "drawn-<drawId>"): one job per lot and reason, however often it is enqueued. */
  payload: z.object({ lotId: uuid, reason: z.string().regex(/^[a-z0-9-]{1,60}$/) }),
  jobId: (p) => `draw-recheck-${p.lotId}-${p.reason}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./recheck-draw-avoidance-job"),
});

/** 专家抽取记录表 PDF, staff copy without names (enqueued when the draw is final; app/domain/draw). */
export const renderDrawRecord = defineJob({
  queue: "documents",
  name: "renderDrawRecord",
  payload: z.object({ drawId: uuid }),
  jobId: (p) => `draw-record-${p.drawId}`,
  attempts: 8,
  handler: () => import("./render-draw-record-job"),
});

import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * Supervision jobs, defined here and registered in app/jobs/definitions.ts.
 * evaluateAlertRules: every minute, on the maintenance queue (one job id, so overlapping runs coalesce).
 */
export const evaluateAlertRulesJob = defineJob({
  queue: "maintenance",
  name: "evaluateAlertRules",
  payload: z.object({}),
  jobId: () => "evaluate-alert-rules",
  attempts: 1,
  schedule: { pattern: "* * * * *", tz: "Asia/Shanghai", scheduledPayload: {} },
  handler: () => import("./evaluate-alert-rules-job"),
});

/** 投诉处理决定书 PDF; attaches it to Complaint.documentId (enqueued by decideComplaint). */
export const renderComplaintDecision = defineJob({
  queue: "documents",
  name: "renderComplaintDecision",
  payload: z.object({ complaintId: z.uuid() }),
  jobId: (p) => `complaint-decision-pdf-${p.complaintId}`,
  attempts: 8,
  handler: () => import("./render-complaint-decision-job"),
});

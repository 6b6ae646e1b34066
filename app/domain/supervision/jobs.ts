import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * Supervision jobs, defined here and registered in app/jobs/definitions.ts.
 * evaluateAlertRules: every minute, on the maintenance queue (the scheduler's runs have their own ids),
 * and at once after an event the collusion rules wait for (`trigger`: the 唱标 of a hall, the document
 * scan of its bids), one run per trigger and key.
 */
export const evaluateAlertRulesJob = defineJob({
  queue: "maintenance",
  name: "evaluateAlertRules",
  payload: z.object({ trigger: z.enum(["reading", "documents"]).optional(), key: z.uuid().optional() }),
  jobId: (p) => (p.trigger && p.key ? `evaluate-alert-rules-${p.trigger}-${p.key}` : "evaluate-alert-rules"),
  attempts: 1,
  schedule: { pattern: "* * * * *", tz: CENTRE_TZ, scheduledPayload: {} },
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

/**
 * Reads the author / creator / producer / file id of the PDFs inside a read-out hall's decrypted bids
 * (BidDocumentMetadata) for the rule identical-document-author. Enqueued at 唱标 (closeDecryption) and,
 * as a safety net, by evaluateAlertRules for any read-out bid not scanned yet.
 */
export const scanBidDocumentsJob = defineJob({
  // Decrypting and parsing PDFs is CPU work: the documents queue, away from the every-minute evaluation.
  queue: "documents",
  name: "scanBidDocuments",
  payload: z.object({ sessionId: z.uuid() }),
  jobId: (p) => `scan-bid-documents-${p.sessionId}`,
  attempts: 5,
  handler: () => import("./scan-bid-documents-job"),
});

/** PDF of a filtered range of the live log with its chain hashes (enqueued by requestAuditExport). */
export const renderAuditExport = defineJob({
  queue: "documents",
  name: "renderAuditExport",
  payload: z.object({ exportId: z.uuid() }),
  jobId: (p) => `audit-export-pdf-${p.exportId}`,
  attempts: 3,
  handler: () => import("./render-audit-export-job"),
});

/**
 * 月度通报: the bulletin PDF of one Shanghai month. The scheduler runs at 01:00 on the 1st (Shanghai) with no
 * month, meaning the month that just ended; staff and supervisors may ask for any past month. One job id
 * per month, and the handler returns an existing bulletin as it is.
 */
export const renderMonthlyBulletin = defineJob({
  queue: "documents",
  name: "renderMonthlyBulletin",
  payload: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() }),
  jobId: (p) => `monthly-bulletin-${p.month ?? "previous-month"}`,
  attempts: 5,
  backoffMs: 60_000,
  schedule: { pattern: "0 1 1 * *", tz: CENTRE_TZ, scheduledPayload: {} },
  handler: () => import("./render-monthly-bulletin-job"),
});

import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { writeDailyCheckpoint } from "~/domain/audit/jobs";
import { deleteExpiredUploadsJob, sweepOrphanBidFilesJob } from "~/domain/bids/jobs";
import { deliverNotification, requeueStaleDeliveries } from "~/domain/notify/jobs";
import { closeConfirmations, closeDecryptionWindow, renderOpeningRecord } from "~/domain/opening/jobs";
import { renderEvaluationReport } from "~/domain/evaluation/jobs";
import { evaluateAlertRulesJob, renderAuditExport, renderComplaintDecision, renderMonthlyBulletin, scanBidDocumentsJob } from "~/domain/supervision/jobs";
import { expireSocialAppointmentsJob, renderSocialSupervisorCertificate } from "~/domain/social-supervision/jobs";
import { buildLotArchiveJob, renderAwardNotice } from "~/domain/award/jobs";
import { defineJob, type JobDefinition } from "./define-job";

/**
 * THE registry of background jobs. The app imports a definition to enqueue it (enqueueJob(tx, def, payload));
 * the worker looks definitions up by name to validate the payload and run the lazily imported handler.
 * Add a job here (and its handler file) — nowhere else. Handlers are imported only inside the worker, so
 * importing this file from a route pulls in nothing but Zod schemas.
 */

const uuid = z.uuid();

/** 企业注册证明: PDF for a newly registered company (enqueued by registerCompany). */
export const renderRegistrationCertificate = defineJob({
  queue: "documents",
  name: "renderRegistrationCertificate",
  payload: z.object({ orgId: uuid }),
  jobId: (p) => `registration-certificate-${p.orgId}`,
  attempts: 5,
  handler: () => import("./handlers/render-registration-certificate"),
});

/** PDF of a daily audit checkpoint; attaches it to AuditCheckpoint.documentId (enqueued by the audit checkpoint job). */
export const renderAuditCheckpoint = defineJob({
  queue: "documents",
  name: "renderAuditCheckpoint",
  payload: z.object({ checkpointId: uuid }),
  jobId: (p) => `audit-checkpoint-pdf-${p.checkpointId}`,
  attempts: 8,
  handler: () => import("./handlers/render-audit-checkpoint"),
});

/** Deletes outbox rows relayed more than a week ago (BullMQ keeps its own history). */
export const pruneOutbox = defineJob({
  queue: "maintenance",
  name: "pruneOutbox",
  payload: z.object({ olderThanDays: z.number().int().min(1).max(365).default(7) }),
  jobId: () => "prune-outbox",
  attempts: 3,
  schedule: { pattern: "30 3 * * *", tz: CENTRE_TZ, scheduledPayload: { olderThanDays: 7 } },
  handler: () => import("./handlers/prune-outbox"),
});

// ---- tenders and the deadline engine (issue 3; handlers live in app/domain/tenders and app/domain/schedule) ----

/** PDF of a published announcement (招标公告, 变更公告, 澄清 …); attaches it to Announcement.documentId. */
export const renderAnnouncement = defineJob({
  queue: "documents",
  name: "renderAnnouncement",
  payload: z.object({ announcementId: uuid }),
  jobId: (p) => `announcement-pdf-${p.announcementId}`,
  attempts: 8,
  handler: () => import("~/domain/tenders/render-announcement-job"),
});

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
  handler: () => import("~/domain/schedule/fire-transition-job"),
});

// ---- sealed bids (issue 4; handler in app/domain/bids) ----

/** PDF of a bid receipt (回执, submission or withdrawal); attaches it to BidReceipt.documentId. */
export const renderBidReceipt = defineJob({
  queue: "documents",
  name: "renderBidReceipt",
  payload: z.object({ receiptId: uuid }),
  jobId: (p) => `bid-receipt-pdf-${p.receiptId}`,
  attempts: 8,
  handler: () => import("~/domain/bids/render-bid-receipt-job"),
});

// ---- experts and draws (issue 5; handlers in app/domain/experts and app/domain/draw) ----

/** A drawn expert's time to answer ran out: marks TIMED_OUT and calls the next backup (no-op if answered). */
export const drawResponseTimeout = defineJob({
  queue: "schedule",
  name: "drawResponseTimeout",
  payload: z.object({ memberId: uuid, respondByMs: z.number().int() }),
  jobId: (p) => `draw-timeout-${p.memberId}-${p.respondByMs}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("~/domain/draw/draw-response-timeout-job"),
});

/** A seat fell vacant (declined, timed out, avoided): call the next backup, or start a supplementary draw. */
export const drawCallBackup = defineJob({
  queue: "schedule",
  name: "drawCallBackup",
  payload: z.object({ memberId: uuid }),
  jobId: (p) => `draw-backup-${p.memberId}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("~/domain/draw/draw-call-backup-job"),
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
  handler: () => import("~/domain/draw/recheck-draw-avoidance-job"),
});

/** 专家抽取记录表 PDF, staff copy without names (enqueued when the draw is final; app/domain/draw). */
export const renderDrawRecord = defineJob({
  queue: "documents",
  name: "renderDrawRecord",
  payload: z.object({ drawId: uuid }),
  jobId: (p) => `draw-record-${p.drawId}`,
  attempts: 8,
  handler: () => import("~/domain/draw/render-draw-record-job"),
});

/** Imports an uploaded CSV/XLSX of experts: all rows or none, progress reported. */
export const importExperts = defineJob({
  queue: "maintenance",
  name: "importExperts",
  payload: z.object({ importId: uuid }),
  jobId: (p) => `expert-import-${p.importId}`,
  attempts: 1,
  handler: () => import("~/domain/experts/import-experts-job"),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const JOB_DEFINITIONS: readonly JobDefinition<any>[] = [
  renderRegistrationCertificate,
  renderAuditCheckpoint,
  pruneOutbox,
  renderAnnouncement,
  fireTransition,
  renderBidReceipt,
  drawResponseTimeout,
  drawCallBackup,
  drawAvoidanceRecheck,
  renderDrawRecord,
  importExperts,
  // Defined in its own area (app/domain/audit/jobs.ts), registered here so the worker can run it;
  // its scheduler is upserted at worker boot from its `schedule` (workers/start-worker.ts).
  writeDailyCheckpoint,
  // Notifications (app/domain/notify/jobs.ts): one job per email/SMS/voice delivery, and its safety net.
  deliverNotification,
  requeueStaleDeliveries,
  // Supervision (app/domain/supervision/jobs.ts): alert rules every minute, complaint decision PDFs.
  evaluateAlertRulesJob,
  renderComplaintDecision,
  scanBidDocumentsJob,
  // Supervision reports: live-log PDF exports (on request) and the monthly bulletin (scheduled, 1st of the month).
  renderAuditExport,
  renderMonthlyBulletin,
  // Social supervisors (app/domain/social-supervision/jobs.ts): certificate PDFs, daily term expiry.
  renderSocialSupervisorCertificate,
  expireSocialAppointmentsJob,
  // Bids (app/domain/bids/jobs.ts): hourly sweep of abandoned resumable uploads.
  deleteExpiredUploadsJob,
  // … and of bid files a crashed finalise left without a bid row (issue 14).
  sweepOrphanBidFilesJob,
  // Opening hall (app/domain/opening/jobs.ts): decryption window and confirmation limits, record PDF.
  closeDecryptionWindow,
  closeConfirmations,
  renderOpeningRecord,
  // Evaluation (app/domain/evaluation/jobs.ts): the 评标报告 PDF.
  renderEvaluationReport,
  // Award (app/domain/award/jobs.ts): notice PDFs and the case archive.
  renderAwardNotice,
  buildLotArchiveJob,
];

const byName = new Map(JOB_DEFINITIONS.map((d) => [d.name, d]));
if (byName.size !== JOB_DEFINITIONS.length) throw new Error("Duplicate job name in app/jobs/definitions.ts");

export function findJobDefinition(name: string): JobDefinition | undefined {
  return byName.get(name);
}

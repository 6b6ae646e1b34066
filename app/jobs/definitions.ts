import { writeDailyCheckpoint } from "~/domain/audit/jobs";
import { buildLotArchiveJob, renderAwardNotice } from "~/domain/award/jobs";
import { deleteExpiredUploadsJob, renderBidReceipt, sweepOrphanBidFilesJob } from "~/domain/bids/jobs";
import { renderAuditCheckpoint, renderRegistrationCertificate } from "~/domain/documents/jobs";
import { drawAvoidanceRecheck, drawCallBackup, drawResponseTimeout, renderDrawRecord } from "~/domain/draw/jobs";
import { renderEvaluationReport } from "~/domain/evaluation/jobs";
import { importExperts } from "~/domain/experts/jobs";
import { deliverNotification, requeueStaleDeliveries } from "~/domain/notify/jobs";
import { closeConfirmations, closeDecryptionWindow, renderOpeningRecord } from "~/domain/opening/jobs";
import { fireTransition } from "~/domain/schedule/jobs";
import { expireSocialAppointmentsJob, renderSocialSupervisorCertificate } from "~/domain/social-supervision/jobs";
import { evaluateAlertRulesJob, renderAuditExport, renderComplaintDecision, renderMonthlyBulletin, scanBidDocumentsJob } from "~/domain/supervision/jobs";
import { renderAnnouncement } from "~/domain/tenders/jobs";
import type { JobDefinition } from "./define-job";
import { pruneOutbox } from "./jobs";

/**
 * THE registry of background jobs (ADR 0021). A job is defined once, in its area's `jobs.ts`
 * (`defineJob`: queue, name, Zod payload, deterministic id, attempts, optional schedule, lazily imported
 * handler in a `*-job.ts` file next to it), and listed here, which is how the worker finds it by name.
 * Handlers are imported only inside the worker, so importing a `jobs.ts` from a route or the domain pulls
 * in nothing but Zod schemas.
 */
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

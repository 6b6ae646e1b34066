import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * Maintenance job of the bids area, defined here and registered in app/jobs/definitions.ts.
 * deleteExpiredUploads: hourly (minute 17, away from the other hourly jobs), removes resumable uploads older
 * than UPLOAD_EXPIRY_MS that never became a bid — half-sent or refused envelopes must not pile up on disk.
 */
export const deleteExpiredUploadsJob = defineJob({
  queue: "maintenance",
  name: "deleteExpiredUploads",
  payload: z.object({}),
  jobId: () => "delete-expired-uploads",
  attempts: 3,
  schedule: { pattern: "17 * * * *", tz: CENTRE_TZ, scheduledPayload: {} },
  handler: () => import("./delete-expired-uploads-job"),
});

/**
 * sweepOrphanBidFiles: hourly (minute 47), removes bid-storage files that no bid row names once they are
 * older than the grace period (a finalise killed between copying the envelope and committing the bid).
 */
export const sweepOrphanBidFilesJob = defineJob({
  queue: "maintenance",
  name: "sweepOrphanBidFiles",
  payload: z.object({}),
  jobId: () => "sweep-orphan-bid-files",
  attempts: 3,
  schedule: { pattern: "47 * * * *", tz: CENTRE_TZ, scheduledPayload: {} },
  handler: () => import("./sweep-orphan-bid-files-job"),
});

const uuid = z.uuid();

/** PDF of a bid receipt (回执, submission or withdrawal); attaches it to BidReceipt.documentId. */
export const renderBidReceipt = defineJob({
  queue: "documents",
  name: "renderBidReceipt",
  payload: z.object({ receiptId: uuid }),
  jobId: (p) => `bid-receipt-pdf-${p.receiptId}`,
  attempts: 8,
  handler: () => import("./render-bid-receipt-job"),
});

import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** 中标通知书 / 中标结果通知书 PDF of one AwardNotice (enqueued by awardLot). */
export const renderAwardNotice = defineJob({
  queue: "documents",
  name: "renderAwardNotice",
  payload: z.object({ noticeId: z.uuid() }),
  jobId: (p) => `award-notice-pdf-${p.noticeId}`,
  attempts: 8,
  handler: () => import("./render-award-notice-job"),
});

/**
 * 归档: builds the lot's case archive ZIP (streamed to storage, SHA-256 manifest), verifies it, and moves the
 * lot to ARCHIVED. On the maintenance queue: a large case must not hold up the documents queue's PDFs.
 */
export const buildLotArchiveJob = defineJob({
  queue: "maintenance",
  name: "buildLotArchive",
  /** requestedAtMs: a new request after a failed build is a new job. */
  payload: z.object({ lotId: z.uuid(), requestedAtMs: z.number().int() }),
  jobId: (p) => `lot-archive-${p.lotId}-${p.requestedAtMs}`,
  attempts: 3,
  handler: () => import("./build-lot-archive-job"),
});

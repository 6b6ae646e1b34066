import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/**
 * Opening-hall jobs, defined here and registered in app/jobs/definitions.ts. The timed ones carry the
 * instant they were armed for: the handler acts only if the session still ends then (a stale alarm no-ops),
 * and their ids are deterministic, so relaying the outbox twice never closes twice.
 */
export const closeDecryptionWindow = defineJob({
  queue: "schedule",
  name: "openingCloseDecryption",
  payload: z.object({ sessionId: z.uuid(), endsAtMs: z.number().int() }),
  jobId: (p) => `opening-decryption-end-${p.sessionId}-${p.endsAtMs}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./close-decryption-job"),
});

export const closeConfirmations = defineJob({
  queue: "schedule",
  name: "openingCloseConfirmations",
  payload: z.object({ sessionId: z.uuid(), endsAtMs: z.number().int() }),
  jobId: (p) => `opening-confirmation-end-${p.sessionId}-${p.endsAtMs}`,
  attempts: 10,
  backoffMs: 500,
  handler: () => import("./close-confirmations-job"),
});

/** 开标记录表 PDF, after the confirmations; attaches it to OpeningSession.recordDocumentId. */
export const renderOpeningRecord = defineJob({
  queue: "documents",
  name: "renderOpeningRecord",
  payload: z.object({ sessionId: z.uuid() }),
  jobId: (p) => `opening-record-pdf-${p.sessionId}`,
  attempts: 8,
  handler: () => import("./render-opening-record-job"),
});

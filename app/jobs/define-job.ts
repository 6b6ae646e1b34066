import type { z } from "zod";

/**
 * One job, defined once and imported by the app (to enqueue) and the worker (to run): its queue, its
 * name, its payload schema and a lazily imported handler (so the web bundle never loads PDF code).
 * Every definition is listed in app/jobs/definitions.ts, the registry the worker dispatches from.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  /** Unique across all queues; the BullMQ job name. */
  name: string;
  payload: S;
  /**
   * Deterministic BullMQ job id from the payload: the same logical job is never queued twice.
   * BullMQ refuses ids containing ":" or made only of digits; use "-" as separator.
   */
  jobId: (payload: z.infer<S>) => string;
  /** Attempts with exponential backoff (BullMQ); default DEFAULT_ATTEMPTS. */
  attempts?: number;
  /** First retry delay in ms, doubled each attempt; default DEFAULT_BACKOFF_MS. */
  backoffMs?: number;
  /**
   * Recurring job: the worker upserts a BullMQ job scheduler at boot (cron pattern, in `tz`) that
   * enqueues `scheduledPayload` (default `{}`). The payload schema still validates each run.
   */
  schedule?: { pattern: string; tz?: string; scheduledPayload?: z.infer<S> };
  handler: () => Promise<{ default: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown> }>;
}

export interface JobContext {
  /** Report progress 0–100 for long jobs; shown by the UI. */
  progress: (pct: number) => Promise<void>;
  jobId: string;
  attempt: number;
}

/** Queues: documents (CPU-heavy PDF rendering), schedule (time-based transitions), notify, maintenance. */
export const QUEUES = ["documents", "schedule", "notify", "maintenance"] as const;
export type QueueName = (typeof QUEUES)[number];

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 2_000;

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** BullMQ's rules for custom ids, checked when the job is enqueued (inside the caller's transaction). */
export function assertValidJobId(jobId: string): void {
  if (!jobId || jobId.includes(":") || /^\d+$/.test(jobId) || jobId.length > 200) {
    throw new Error(`Invalid job id "${jobId}": non-empty, at most 200 characters, no ":", not only digits`);
  }
}

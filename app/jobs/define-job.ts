import type { z } from "zod";

/**
 * One job, defined once and imported by the app (to enqueue) and the worker (to run): its queue, its
 * name, its payload schema and a lazily imported handler (so the web bundle never loads PDF code).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  name: string;
  payload: S;
  /** Deterministic BullMQ job id from the payload: the same logical job is never queued twice. */
  jobId: (payload: z.infer<S>) => string;
  /** Attempts with exponential backoff (BullMQ). */
  attempts?: number;
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

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

import type { z } from "zod";
import { DomainError } from "~/domain/errors";

/** Validates API/form input with its schema; the first problem becomes a 400 naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join(".") || "body";
  throw new DomainError("bids:errors.invalidRequest", { field }, 400, field);
}

/** A unique-constraint violation, however the driver adapter reports it. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; message?: string; meta?: unknown; cause?: { code?: string } };
  const hit = err?.code === "P2002" || err?.code === "23505" || err?.cause?.code === "23505" || /unique constraint/i.test(err?.message ?? "");
  if (!hit || !constraint) return hit;
  return JSON.stringify(err.meta ?? "").includes(constraint) || (err.message ?? "").includes(constraint);
}

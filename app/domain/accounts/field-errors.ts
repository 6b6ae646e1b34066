import type { z } from "zod";
import { DomainError } from "~/domain/errors";

/**
 * A refusal that names several form fields at once (e.g. "credit code already registered" AND "e-mail
 * already used"). Still a DomainError, so generic handlers treat it like any other refusal.
 */
export class FieldErrors extends DomainError {
  constructor(
    public readonly fieldErrors: Record<string, string[]>,
    status: 409 | 422 = 422,
  ) {
    const first = Object.keys(fieldErrors)[0];
    super(fieldErrors[first ?? ""]?.[0] ?? "accounts:errors.checkFields", {}, status, first);
    this.name = "FieldErrors";
  }
}

/** The domain re-validates what the form already checked: a client that skips the browser gets the same answer. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fe: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const k = issue.path.join(".") || "form";
    (fe[k] ??= []).push(issue.message);
  }
  throw new FieldErrors(fe);
}

/**
 * Maps a unique-constraint violation (Prisma P2002) to the fields it concerns: two registrations racing
 * past the duplicate check still end in a field error, never a 500. With the pg driver adapter the
 * field list sits in meta.target or meta.driverAdapterError, so the meta is searched as a whole.
 */
export function uniqueViolationFields(e: unknown, fields: Record<string, string>): FieldErrors | null {
  if (!e || typeof e !== "object" || (e as { code?: string }).code !== "P2002") return null;
  const meta = JSON.stringify((e as { meta?: unknown }).meta ?? {});
  const fe: Record<string, string[]> = {};
  for (const [column, message] of Object.entries(fields)) {
    if (meta.includes(column)) fe[column] = [message];
  }
  return new FieldErrors(Object.keys(fe).length ? fe : { form: ["accounts:errors.duplicate"] }, 409);
}

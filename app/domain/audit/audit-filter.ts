import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { CENTRE_TZ } from "~/lib/time";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

/**
 * The live-log filter, one Zod schema for the page, its SSE stream and the domain query. Times are
 * typed in the centre's zone ("YYYY-MM-DD" or "YYYY-MM-DDTHH:mm", what <input type="datetime-local"> sends).
 * Messages are i18n keys in the audit namespace.
 */
const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), z.string().max(max, "audit:errors.tooLong").optional());

const localTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/** Shanghai wall-clock text → instant, or null when it is not a real date and time. */
export function parseLocalTime(s: string, endOfDay = false): Date | null {
  const m = localTime.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? null : Number(m[4]), Number(m[5] ?? 0)];
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d || mo > 12 || (h !== null && (h > 23 || mi > 59))) return null;
  // An end bound covers its whole minute, or its whole day when only a date is given.
  const t =
    h === null
      ? new TZDate(y, mo - 1, d + (endOfDay ? 1 : 0), 0, 0, 0, endOfDay ? -1 : 0, CENTRE_TZ)
      : new TZDate(y, mo - 1, d, h, mi, endOfDay ? 59 : 0, endOfDay ? 999 : 0, CENTRE_TZ);
  return new Date(t.getTime());
}

export const auditFilterSchema = z
  .object({
    action: text(64).refine((v) => v === undefined || /^[\w.-]+$/.test(v), "audit:errors.badAction"),
    entityType: text(40),
    entityId: text(64),
    /** One lot: its own entries and every entry whose detail names it (bids, draws, the hall …). */
    lot: text(36).refine((v) => v === undefined || UUID.test(v), "audit:errors.badLot"),
    /** Username or user id. */
    actor: text(64),
    /** Organisation id, 统一社会信用代码, or part of its name. */
    org: text(200),
    from: text(20),
    to: text(20),
    /** Keyset cursor: entries with a smaller id (older). */
    before: text(20).refine((v) => v === undefined || /^\d{1,19}$/.test(v), "audit:errors.badCursor"),
  })
  .transform((f, ctx) => {
    const from = f.from === undefined ? undefined : parseLocalTime(f.from);
    const to = f.to === undefined ? undefined : parseLocalTime(f.to, true);
    if (from === null) ctx.addIssue({ code: "custom", path: ["from"], message: "audit:errors.badTime" });
    if (to === null) ctx.addIssue({ code: "custom", path: ["to"], message: "audit:errors.badTime" });
    const sane = (d: Date | null | undefined) => !d || (d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100);
    if (!sane(from)) ctx.addIssue({ code: "custom", path: ["from"], message: "audit:errors.timeOutOfRange" });
    if (!sane(to)) ctx.addIssue({ code: "custom", path: ["to"], message: "audit:errors.timeOutOfRange" });
    if (from && to && from.getTime() > to.getTime())
      ctx.addIssue({ code: "custom", path: ["to"], message: "audit:errors.rangeReversed" });
    return { ...f, fromAt: from ?? undefined, toAt: to ?? undefined };
  });

export type AuditFilter = z.output<typeof auditFilterSchema>;
export type AuditFilterErrors = Partial<Record<keyof z.input<typeof auditFilterSchema>, string>>;

/** Parses URL search params; errors are per field, as i18n keys. */
export function parseAuditFilter(params: URLSearchParams):
  | { ok: true; filter: AuditFilter }
  | { ok: false; errors: AuditFilterErrors; values: Record<string, string> } {
  const raw = Object.fromEntries(
    ["action", "entityType", "entityId", "lot", "actor", "org", "from", "to", "before"].map((k) => [k, params.get(k) ?? ""]),
  );
  const r = auditFilterSchema.safeParse(raw);
  if (r.success) return { ok: true, filter: r.data };
  const errors: AuditFilterErrors = {};
  for (const i of r.error.issues) {
    const k = String(i.path[0] ?? "from") as keyof AuditFilterErrors;
    errors[k] ??= i.message.startsWith("audit:") ? i.message : "audit:errors.invalid";
  }
  return { ok: false, errors, values: raw };
}

import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import type { Locale } from "~/lib/locale";

/**
 * Template parameters are stored as JSON with the notification and rendered later, in each recipient's
 * language. Strings and numbers pass through; instants and money are stored as tagged values so that
 * they are formatted at render time for the reader (an English reader gets "3 Dec 2026, 09:30", a Chinese
 * one 「2026年12月3日 09:30」 — both the centre's wall-clock time).
 */
export type NotifyParamValue = string | number | Date | { $fen: string };
export type NotifyParams = Record<string, NotifyParamValue>;
type StoredValue = string | number | { $instant: string } | { $fen: string };
export type StoredParams = Record<string, StoredValue>;

/** Money in fen as a template parameter: `{ amount: money(bondFen) }` renders as ¥1,234.56. */
export function money(fen: number | bigint): { $fen: string } {
  return { $fen: BigInt(fen).toString() };
}

const MAX_PARAM_LENGTH = 2_000;

/** To JSON for the Notification/NotificationDelivery rows; rejects what could not be rendered later. */
export function encodeParams(params: NotifyParams = {}): StoredParams {
  const out: StoredParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(k)) throw new Error(`notify: bad parameter name "${k}"`);
    if (v instanceof Date) {
      if (!Number.isFinite(v.getTime())) throw new Error(`notify: parameter "${k}" is an invalid date`);
      out[k] = { $instant: v.toISOString() };
    } else if (typeof v === "string") {
      out[k] = v.slice(0, MAX_PARAM_LENGTH);
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`notify: parameter "${k}" is not a finite number`);
      out[k] = v;
    } else if (v && typeof v === "object" && typeof v.$fen === "string" && /^-?\d{1,19}$/.test(v.$fen)) {
      out[k] = { $fen: v.$fen };
    } else {
      throw new Error(`notify: parameter "${k}" must be a string, number, Date or money(fen)`);
    }
  }
  return out;
}

/** Stored parameters → plain strings/numbers for interpolation, formatted for `locale`. */
export function renderParams(stored: unknown, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!stored || typeof stored !== "object") return out;
  for (const [k, v] of Object.entries(stored as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") out[k] = v;
    else if (v && typeof v === "object" && "$instant" in v && typeof v.$instant === "string") {
      out[k] = formatInstant(v.$instant, locale, "datetimeShort");
    } else if (v && typeof v === "object" && "$fen" in v && typeof v.$fen === "string") {
      out[k] = formatFen(BigInt(v.$fen));
    }
  }
  return out;
}

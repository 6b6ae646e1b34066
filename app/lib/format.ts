import { TZDate } from "@date-fns/tz";
import { format as formatDate } from "date-fns";
import type { Locale } from "./locale";

/**
 * Display formatting shared by server and browser. Explicit patterns (no Intl defaults that differ
 * between Node's ICU and the visitor's browser), so server-rendered text and the hydrated text match.
 */
export const TIME_ZONE = "Asia/Shanghai";

/**
 * Integer fen (分) → "¥1,234.56"; negative → "-¥1,234.56". Exact for any bigint: no floating point
 * ever touches money. Rejects fractional or unsafe numbers instead of rounding silently.
 */
export function formatFen(fen: number | bigint): string {
  if (typeof fen === "number" && !Number.isSafeInteger(fen)) {
    throw new RangeError(`formatFen: ${fen} is not a safe integer amount of fen`);
  }
  const v = BigInt(fen);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}¥${yuan}.${cents}`;
}

export type InstantStyle = "datetime" | "datetimeShort" | "date" | "time";

const PATTERNS: Record<Locale, Record<InstantStyle, string>> = {
  "zh-CN": {
    datetime: "yyyy年M月d日 HH:mm:ss",
    datetimeShort: "yyyy年M月d日 HH:mm",
    date: "yyyy年M月d日",
    time: "HH:mm:ss",
  },
  en: {
    datetime: "d MMM yyyy, HH:mm:ss",
    datetimeShort: "d MMM yyyy, HH:mm",
    date: "d MMM yyyy",
    time: "HH:mm:ss",
  },
};

/** An instant (UTC Date, epoch ms or ISO string) shown as Asia/Shanghai wall-clock time. */
export function formatInstant(
  instant: Date | number | string,
  locale: Locale | string = "zh-CN",
  style: InstantStyle = "datetime",
): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`formatInstant: invalid instant ${String(instant)}`);
  const patterns = PATTERNS[locale as Locale] ?? PATTERNS["zh-CN"];
  return formatDate(new TZDate(ms, TIME_ZONE), patterns[style]);
}

/** "2026-11-23 14:05:09" in Asia/Shanghai: neutral machine-ish form for logs, tables and APIs. */
export function formatShanghai(instant: Date | number, pattern = "yyyy-MM-dd HH:mm:ss"): string {
  return formatDate(new TZDate(instant instanceof Date ? instant.getTime() : instant, TIME_ZONE), pattern);
}

import { TZDate } from "@date-fns/tz";

/**
 * <input type="datetime-local"> carries a wall-clock time with no zone. Ours is always Beijing time
 * (Asia/Shanghai), whatever the browser's own zone is: these convert between that string and the UTC
 * instant stored in the database, identically on the server and in the browser.
 */
export const LEGAL_TZ = "Asia/Shanghai";

const RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-12-20T09:30" (Beijing time) → the instant; null when malformed or not a real date/time. */
export function fromDatetimeLocal(s: string | null | undefined): Date | null {
  const m = RE.exec(String(s ?? "").trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (y < 2000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const z = new TZDate(y, mo - 1, d, h, mi, sec, 0, LEGAL_TZ);
  // 2026-02-30 rolls over to March: refuse rather than guess.
  if (z.getDate() !== d || z.getMonth() !== mo - 1) return null;
  return new Date(z.getTime());
}

/** The instant as the value of a datetime-local input in Beijing time ("2026-12-20T09:30"). */
export function toDatetimeLocal(instant: Date | string | number): string {
  const z = new TZDate(new Date(instant).getTime(), LEGAL_TZ);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())}T${p(z.getHours())}:${p(z.getMinutes())}`;
}

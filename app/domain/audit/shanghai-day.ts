import { CENTRE_TZ } from "~/lib/time";
import { TZDate } from "@date-fns/tz";

/** Calendar days of the audit checkpoints are the centre's days ("YYYY-MM-DD"). */

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(dayStart(s).getTime());

/** The instant a Shanghai day starts (its 00:00 local). */
export function dayStart(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const t = new TZDate(y, m - 1, d, 0, 0, 0, 0, CENTRE_TZ);
  // Reject 2026-02-31 and the like: the date must read back as written.
  if (t.getFullYear() !== y || t.getMonth() !== m - 1 || t.getDate() !== d) return new Date(NaN);
  return new Date(t.getTime());
}

/** The instant a Shanghai day ends (the next day's 00:00 local, exclusive). */
export function dayEnd(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, 0, CENTRE_TZ).getTime());
}

/** The Shanghai day an instant falls in. */
export function shanghaiDay(at: Date): string {
  const t = new TZDate(at.getTime(), CENTRE_TZ);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

/** The Shanghai day before the one `now` falls in: the day a checkpoint written at 00:05 closes. */
export function previousShanghaiDay(now: Date): string {
  return shanghaiDay(new Date(dayStart(shanghaiDay(now)).getTime() - 1));
}

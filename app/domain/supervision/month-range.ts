import { CENTRE_TZ } from "~/lib/time";
import { TZDate } from "@date-fns/tz";
import { DomainError } from "~/domain/errors";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "YYYY-MM" of an instant in Shanghai. */
export function shanghaiMonth(at: Date): string {
  const d = new TZDate(at.getTime(), CENTRE_TZ);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** The Shanghai month before the one `at` falls in (what the 1st-of-the-month run reports on). */
export function previousShanghaiMonth(at: Date = new Date()): string {
  const d = new TZDate(at.getTime(), CENTRE_TZ);
  return shanghaiMonth(new Date(new TZDate(d.getFullYear(), d.getMonth() - 1, 15, 12, 0, 0, CENTRE_TZ).getTime()));
}

/** A Shanghai calendar month as [start, end) instants. */
export function monthRange(month: string): { start: Date; end: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new DomainError("supervision:errors.badMonth", {}, 422, "month");
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { start: new Date(new TZDate(y, mo, 1, 0, 0, 0, CENTRE_TZ).getTime()), end: new Date(new TZDate(y, mo + 1, 1, 0, 0, 0, CENTRE_TZ).getTime()) };
}

/** A month that has ended (bulletins and league tables only describe closed months), 2000 onwards. */
export function assertClosedMonth(month: string, now: Date = new Date()): { start: Date; end: Date } {
  const r = monthRange(month);
  if (Number(month.slice(0, 4)) < 2000 || r.end.getTime() > now.getTime()) throw new DomainError("supervision:errors.monthNotClosed", { month }, 422, "month");
  return r;
}

/** The last `n` closed months, newest first (month selectors). */
export function recentClosedMonths(n: number, now: Date = new Date()): string[] {
  const out: string[] = [];
  let at = now;
  for (let i = 0; i < n; i++) {
    const m = previousShanghaiMonth(at);
    out.push(m);
    at = monthRange(m).start;
  }
  return out;
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { Calendar } from "./calendar";
import { monthBounds, shanghaiDate } from "./dates";
import { buildMonthGrid, type MonthGrid } from "./month-grid";

/**
 * One month of the holiday calendar for the admin page (Shanghai dates; the current month by default,
 * judged on the server clock). Years outside 2000–2100 are refused: nobody keeps holidays there, and it
 * keeps a typed-in URL from walking the date arithmetic into the absurd.
 */
export async function listCalendarMonth(
  actor: Actor,
  input: { month?: string | null },
  deps: { db?: Db; now?: Date } = {},
): Promise<MonthGrid & { today: string }> {
  assertCan(actor, "calendar.manage");
  const today = shanghaiDate(deps.now ?? new Date());
  const month = input.month || today.slice(0, 7);
  const b = monthBounds(month);
  const year = Number(month.slice(0, 4));
  if (!b || year < 2000 || year > 2100) throw new DomainError("rules:errors.invalidMonth", {}, 400, "month");
  const db = deps.db ?? getDb();
  const rows = await db.calendarDay.findMany({
    where: { date: { gte: new Date(`${b.first}T00:00:00Z`), lte: new Date(`${b.last}T00:00:00Z`) } },
    select: { date: true, kind: true, name: true },
  });
  return { ...buildMonthGrid(month, Calendar.fromRows(rows), today)!, today };
}

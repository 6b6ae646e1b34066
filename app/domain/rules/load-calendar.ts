import type { Tx } from "~/lib/db.server";
import { Calendar } from "./calendar";

/**
 * Reads the holiday calendar into a Calendar value. The table holds a few dozen rows per year, so the
 * whole of it is read at once; call it per request/job (edits then take effect immediately).
 * Takes a client or a transaction (a Db is accepted wherever a Tx is).
 */
export async function loadCalendar(db: Tx): Promise<Calendar> {
  const rows = await db.calendarDay.findMany({ select: { date: true, kind: true, name: true }, orderBy: { date: "asc" } });
  return Calendar.fromRows(rows);
}

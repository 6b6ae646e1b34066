import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { removeCalendarDaySchema, type RemoveCalendarDayInput } from "./calendar-day-schema";
import { parseRulesInput } from "./parse-input";

/** Returns a date to the ordinary week (weekday works, weekend rests). Audited as calendar.day_removed. */
export async function removeCalendarDay(actor: Actor, input: RemoveCalendarDayInput, deps: { db?: Db } = {}): Promise<void> {
  assertCan(actor, "calendar.manage");
  const { date } = parseRulesInput(removeCalendarDaySchema, input);
  const key = new Date(`${date}T00:00:00Z`);
  const db = deps.db ?? getDb();
  await db.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { date: key } });
    // deleteMany + count: a concurrent removal between the read and here ends in the same 404, not a 500.
    const gone = before ? await tx.calendarDay.deleteMany({ where: { date: key } }) : { count: 0 };
    if (!before || gone.count === 0) throw new DomainError("rules:errors.dayNotFound", { date }, 404, "date");
    await appendAudit(tx, actor, {
      action: "calendar.day_removed",
      entityType: "CalendarDay",
      entityId: date,
      before: { date, kind: before.kind, name: before.name },
      detail: { date, kind: before.kind, name: before.name },
    });
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { setCalendarDaySchema, type SetCalendarDayInput } from "./calendar-day-schema";
import type { CalendarEntry } from "./calendar";
import { isoDayOfWeek } from "./dates";
import { parseRulesInput } from "./parse-input";

/**
 * Marks a Shanghai date as an official holiday or a make-up working day (调休), or renames/re-kinds it.
 * A make-up working day must fall on a Saturday or Sunday (on a weekday it would change nothing, and
 * is almost certainly a typo). Audited as calendar.day_set; an identical re-save changes and logs nothing.
 */
export async function setCalendarDay(actor: Actor, input: SetCalendarDayInput, deps: { db?: Db } = {}): Promise<CalendarEntry> {
  assertCan(actor, "calendar.manage");
  const { date, kind, name } = parseRulesInput(setCalendarDaySchema, input);
  if (kind === "MAKEUP_WORKDAY" && isoDayOfWeek(date) <= 5) {
    throw new DomainError("rules:errors.makeupOnWeekday", { date }, 422, "kind");
  }
  const key = new Date(`${date}T00:00:00Z`);
  const db = deps.db ?? getDb();
  return db.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { date: key } });
    const after: CalendarEntry = { date, kind, name };
    if (before && before.kind === kind && before.name === name) return after;
    await tx.calendarDay.upsert({
      where: { date: key },
      create: { date: key, kind, name, updatedBy: actor.userId },
      update: { kind, name, updatedBy: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "calendar.day_set",
      entityType: "CalendarDay",
      entityId: date,
      before: before ? { date, kind: before.kind, name: before.name } : null,
      after,
      detail: { date, kind, name, previousKind: before?.kind ?? null },
    });
    return after;
  });
}

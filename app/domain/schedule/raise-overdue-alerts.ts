import type { Db } from "~/lib/db.server";
import { raiseAlert } from "./raise-alert";

/** A transition still pending this long after its instant is a yellow alert; after RED_AFTER_MS, red. */
export const YELLOW_AFTER_MS = 30_000;
export const RED_AFTER_MS = 5 * 60_000;
/** Objections whose answer is due within this window raise a yellow "due soon" alert. */
export const OBJECTION_DUE_SOON_MS = 24 * 3600_000;

/**
 * 超时预警: the system's own steps that are late (a transition that has not fired) and people's steps that
 * are late or about to be (objection answers). Each condition raises one alert (dedupe key); returns how
 * many new alerts were raised.
 */
export async function raiseOverdueAlerts(db: Db, now = new Date()): Promise<number> {
  let raised = 0;
  const late = await db.scheduledTransition.findMany({
    where: { status: "PENDING", dueAt: { lt: new Date(now.getTime() - YELLOW_AFTER_MS) } },
    select: { id: true, lotId: true, kind: true, dueAt: true },
    take: 500,
  });
  const objections = await db.objection.findMany({
    where: { answeredAt: null, answerDueAt: { lt: new Date(now.getTime() + OBJECTION_DUE_SOON_MS) } },
    select: { id: true, lotId: true, answerDueAt: true },
    take: 500,
  });
  if (late.length === 0 && objections.length === 0) return 0;

  await db.$transaction(async (tx) => {
    for (const t of late) {
      const red = now.getTime() - t.dueAt.getTime() > RED_AFTER_MS;
      const ok = await raiseAlert(tx, {
        kind: "TRANSITION_OVERDUE",
        severity: red ? "RED" : "YELLOW",
        lotId: t.lotId,
        messageCode: "tenders:alerts.transitionOverdue",
        params: { kind: t.kind, dueAt: t.dueAt.toISOString() },
        dedupeKey: `transition-overdue-${t.id}-${red ? "red" : "yellow"}`,
      });
      if (ok) raised++;
    }
    for (const o of objections) {
      const overdue = o.answerDueAt <= now;
      const ok = await raiseAlert(tx, {
        kind: overdue ? "OBJECTION_OVERDUE" : "OBJECTION_DUE_SOON",
        severity: overdue ? "RED" : "YELLOW",
        lotId: o.lotId,
        messageCode: overdue ? "tenders:alerts.objectionOverdue" : "tenders:alerts.objectionDueSoon",
        params: { objectionId: o.id, dueAt: o.answerDueAt.toISOString() },
        dedupeKey: `objection-${overdue ? "overdue" : "due-soon"}-${o.id}`,
      });
      if (ok) raised++;
    }
  });
  return raised;
}

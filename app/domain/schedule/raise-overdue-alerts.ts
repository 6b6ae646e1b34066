import type { Db } from "~/lib/db.server";
import { objectionAnswerAlert } from "~/domain/supervision/alert-rules/objection-answer-due";
import { storeRaisedAlerts } from "~/domain/supervision/store-raised-alerts";
import type { RaisedAlert } from "~/domain/supervision/alert-rules/types";

/** A transition still pending this long after its instant is a yellow alert; after RED_AFTER_MS, red. */
export const YELLOW_AFTER_MS = 30_000;
export const RED_AFTER_MS = 5 * 60_000;
/** Objections whose answer is due within this window raise a yellow "due soon" alert. */
export const OBJECTION_DUE_SOON_MS = 24 * 3600_000;

/**
 * The overdue-transition alert: yellow once a pending step is YELLOW_AFTER_MS late, red after RED_AFTER_MS.
 * The key names the step only (never the severity), so the red replaces the yellow in place.
 */
export function transitionOverdueAlert(t: { id: string; lotId: string; kind: string; dueAt: Date }, now: Date): RaisedAlert {
  const red = now.getTime() - t.dueAt.getTime() > RED_AFTER_MS;
  return {
    kind: "TRANSITION_OVERDUE",
    severity: red ? "RED" : "YELLOW",
    lotId: t.lotId,
    messageCode: "tenders:alerts.transitionOverdue",
    params: { kind: t.kind, dueAt: t.dueAt.toISOString() },
    dedupeKey: `transition-overdue-${t.id}`,
  };
}

/**
 * 超时预警: the system's own steps that are late (a transition that has not fired) and people's steps that
 * are late or about to be (objection answers). Each condition has one alert (dedupe key, yellow → red in place);
 * returns how many alerts were raised or upgraded.
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

  // One store path for both: a severity-free key per step / objection, so a yellow that runs out is
  // upgraded in place to red (audited alert.severity_raised) instead of standing beside a second alert.
  const found = [
    ...late.map((t) => transitionOverdueAlert(t, now)),
    ...objections.flatMap((o) => {
      const a = objectionAnswerAlert(o, now);
      return a ? [a] : [];
    }),
  ];
  if (found.length) {
    const r = await storeRaisedAlerts(db, found);
    raised += r.raised + r.upgraded;
  }
  return raised;
}

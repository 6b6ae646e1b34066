import { HOUR_MS, type AlertRule, type RaisedAlert } from "./types";

/**
 * The objection-answer alert, the one builder every path uses (this rule, the scheduler's check
 * raiseOverdueAlerts and the deadline engine's OBJECTION_ANSWER_DUE handler): yellow with less than 24 h
 * left, red once overdue, null otherwise. One key per objection, without the severity, so storeRaisedAlerts
 * turns the yellow red in place and an objection never ends with two alerts.
 */
export function objectionAnswerAlert(
  o: { id: string; lotId: string; answerDueAt: Date; answeredAt?: Date | null },
  now: Date,
): RaisedAlert | null {
  if (o.answeredAt) return null;
  const left = o.answerDueAt.getTime() - now.getTime();
  if (left >= 24 * HOUR_MS) return null;
  const overdue = left <= 0;
  return {
    kind: overdue ? "OBJECTION_OVERDUE" : "OBJECTION_DUE_SOON",
    severity: overdue ? "RED" : "YELLOW",
    lotId: o.lotId,
    messageCode: overdue ? "supervision:alerts.OBJECTION_OVERDUE" : "supervision:alerts.OBJECTION_DUE_SOON",
    params: { objectionId: o.id, dueAt: o.answerDueAt.toISOString() },
    dedupeKey: `objection-answer-${o.id}`,
  };
}

/** 异议答复: yellow when an unanswered objection has less than 24 h left, red once overdue. */
export const objectionAnswerDue: AlertRule = {
  id: "objection-answer-due",
  evaluate({ now, objections }) {
    return objections.flatMap((o) => {
      const a = objectionAnswerAlert(o, now);
      return a ? [a] : [];
    });
  },
};

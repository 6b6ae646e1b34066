import { HOUR_MS, type AlertRule } from "./types";

/**
 * 异议答复: yellow when an unanswered objection has less than 24 h left, red once overdue. Same kinds and
 * dedupe keys as the scheduler's own check (raiseOverdueAlerts), so the two never raise the same thing twice.
 */
export const objectionAnswerDue: AlertRule = {
  id: "objection-answer-due",
  evaluate({ now, objections }) {
    return objections.flatMap((o) => {
      if (o.answeredAt) return [];
      const left = o.answerDueAt.getTime() - now.getTime();
      if (left >= 24 * HOUR_MS) return [];
      const overdue = left <= 0;
      return [
        {
          kind: overdue ? "OBJECTION_OVERDUE" : "OBJECTION_DUE_SOON",
          severity: overdue ? "RED" : "YELLOW",
          lotId: o.lotId,
          messageCode: overdue ? "supervision:alerts.OBJECTION_OVERDUE" : "supervision:alerts.OBJECTION_DUE_SOON",
          params: { objectionId: o.id, dueAt: o.answerDueAt.toISOString() },
          dedupeKey: `objection-${overdue ? "overdue" : "due-soon"}-${o.id}`,
        },
      ];
    });
  },
};

import { HOUR_MS, type AlertRule } from "./types";

/** 投诉处理决定: 30 working days from acceptance. Yellow within the last 3 days, red when overdue (one alert, raised in place). */
export const complaintDecisionClock: AlertRule = {
  id: "complaint-decision-clock",
  evaluate({ now, complaints }) {
    return complaints.flatMap((c) => {
      if (c.status !== "ACCEPTED" || !c.decisionDueAt) return [];
      const left = c.decisionDueAt.getTime() - now.getTime();
      if (left >= 72 * HOUR_MS) return [];
      const red = left <= 0;
      return [
        {
          kind: "COMPLAINT_DECISION_DUE",
          severity: red ? ("RED" as const) : ("YELLOW" as const),
          lotId: c.lotId,
          messageCode: `supervision:alerts.COMPLAINT_DECISION_${red ? "OVERDUE" : "DUE"}`,
          params: { complaintId: c.id, dueAt: c.decisionDueAt.toISOString() },
          dedupeKey: `complaint-decide-${c.id}-${c.decisionDueAt.getTime()}`,
        },
      ];
    });
  },
};

import { HOUR_MS, type AlertRule } from "./types";

/** 投诉受理: 3 working days. Yellow with less than 24 h left, red when overdue and still only RECEIVED (one alert, raised in place). */
export const complaintAcceptanceClock: AlertRule = {
  id: "complaint-acceptance-clock",
  evaluate({ now, complaints }) {
    return complaints.flatMap((c) => {
      if (c.status !== "RECEIVED") return [];
      const left = c.acceptDueAt.getTime() - now.getTime();
      if (left >= 24 * HOUR_MS) return [];
      const red = left <= 0;
      return [
        {
          kind: "COMPLAINT_ACCEPTANCE_DUE",
          severity: red ? ("RED" as const) : ("YELLOW" as const),
          lotId: c.lotId,
          messageCode: `supervision:alerts.COMPLAINT_ACCEPTANCE_${red ? "OVERDUE" : "DUE"}`,
          params: { complaintId: c.id, dueAt: c.acceptDueAt.toISOString() },
          dedupeKey: `complaint-accept-${c.id}`,
        },
      ];
    });
  },
};

import type { AlertRule } from "./types";

/** Yellow once less than this share of the member's response window (notifiedAt → respondBy) is left. */
export const EXPERT_YELLOW_SHARE = 1 / 3;

/**
 * 专家确认: a drawn expert asked to confirm attendance (NOTIFIED) and not answering. Yellow when less
 * than a third of its response limit is left; red once the limit has passed — still NOTIFIED (the
 * timeout job has not run) or TIMED_OUT (the seat went to a backup). One alert per call (member), its
 * severity raised in place (evaluateAlertRules), so a yellow call that runs out becomes the same red alert.
 */
export const expertConfirmationDue: AlertRule = {
  id: "expert-confirmation-due",
  evaluate({ now, expertCalls }) {
    return expertCalls.flatMap((c) => {
      const window = c.respondBy.getTime() - c.notifiedAt.getTime();
      const left = c.respondBy.getTime() - now.getTime();
      const red = c.status === "TIMED_OUT" || left <= 0;
      if (!red && left > window * EXPERT_YELLOW_SHARE) return [];
      return [
        {
          kind: "EXPERT_CONFIRMATION_DUE",
          severity: red ? ("RED" as const) : ("YELLOW" as const),
          lotId: c.lotId,
          messageCode: `supervision:alerts.EXPERT_CONFIRMATION_${red ? "OVERDUE" : "DUE"}`,
          params: {
            drawId: c.drawId,
            expertCode: c.expertCode,
            specialty: c.specialtyCode,
            notifiedAt: c.notifiedAt.toISOString(),
            dueAt: c.respondBy.toISOString(),
            memberStatus: c.status,
          },
          dedupeKey: `expert-confirmation-${c.memberId}`,
        },
      ];
    });
  },
};

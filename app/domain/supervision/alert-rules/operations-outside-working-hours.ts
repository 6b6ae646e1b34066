import { formatShanghai } from "~/lib/time";
import { isWorkingDay } from "~/domain/rules/working-days";
import type { AlertRule } from "./types";

/** Actions that change a trade (not logins, not reads): what supervisors want to see done off hours. */
export const TRADE_ACTION_PREFIXES = ["lot.", "bid.", "objection.", "question.", "draw.", "opening.", "tender.", "evaluation.", "announcement."];
export const WORK_START_HOUR = 8;
export const WORK_END_HOUR = 18;

/**
 * A person's trade action outside 08:00–18:00 Shanghai time or on a non-working day (holiday calendar).
 * Bidders uploading late in the evening are normal; what is watched are the centre's own operations, so
 * bidders' actions are left out. One yellow alert per person, tender and Shanghai day, however many operations:
 * each operation is an occurrence of it (count and last time; issue 16: 35 alerts in 15 minutes buried the reds).
 */
export const operationsOutsideWorkingHours: AlertRule = {
  id: "operations-outside-working-hours",
  evaluate({ operations, calendar }) {
    return operations.flatMap((op) => {
      if (op.actorRole === "SYSTEM" || op.actorRole === "BIDDER" || op.actorRole === "PUBLIC") return [];
      if (!TRADE_ACTION_PREFIXES.some((p) => op.action.startsWith(p))) return [];
      const hour = Number(formatShanghai(op.at, "H"));
      const offDay = !isWorkingDay(calendar, op.at);
      if (!offDay && hour >= WORK_START_HOUR && hour < WORK_END_HOUR) return [];
      return [
        {
          kind: "OFF_HOURS_OPERATION",
          severity: "YELLOW" as const,
          lotId: op.entityType === "Lot" ? op.entityId : null,
          messageCode: "supervision:alerts.OFF_HOURS_OPERATION",
          params: {
            auditEntryId: op.id,
            action: op.action,
            at: op.at.toISOString(),
            actorId: op.actorId ?? "",
            day: formatShanghai(op.at, "yyyy-MM-dd"),
            reason: offDay ? "nonWorkingDay" : "outsideHours",
          },
          // Subject: the person on one tender (or off any tender); one group per Shanghai day.
          dedupeKey: `off-hours-${op.actorId ?? op.actorRole}-${op.entityType === "Lot" ? op.entityId : "-"}-${formatShanghai(op.at, "yyyyMMdd")}`,
          occurredAt: op.at,
        },
      ];
    });
  },
};

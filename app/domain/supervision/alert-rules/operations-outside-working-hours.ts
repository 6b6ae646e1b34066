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
 * bidders' actions are left out. One yellow alert per audit entry.
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
            reason: offDay ? "nonWorkingDay" : "outsideHours",
          },
          dedupeKey: `off-hours-${op.id}`,
        },
      ];
    });
  },
};

import { statusesAlerting } from "~/domain/tenders/lot-phases";
import { MINUTE_MS, type AlertRule } from "./types";

/** The phases whose bid-deadline step is this alert (lot-phases.ts): still before the opening. */
const STILL_BEFORE_OPENING = new Set<string>(statusesAlerting("OPENING_NOT_STARTED"));
export const OPENING_GRACE_MS = 5 * MINUTE_MS;

/** 开标: red when the bid deadline (= opening time) passed more than 5 minutes ago and the hall is not open. */
export const openingNotStarted: AlertRule = {
  id: "opening-not-started",
  evaluate({ now, lots }) {
    return lots
      .filter((l) => STILL_BEFORE_OPENING.has(l.status) && now.getTime() - l.bidDeadline.getTime() > OPENING_GRACE_MS)
      .map((l) => ({
        kind: "OPENING_NOT_STARTED",
        severity: "RED" as const,
        lotId: l.id,
        messageCode: "supervision:alerts.OPENING_NOT_STARTED",
        params: { bidDeadline: l.bidDeadline.toISOString(), status: l.status },
        dedupeKey: `opening-not-started-${l.id}-${l.bidDeadline.getTime()}`,
      }));
  },
};

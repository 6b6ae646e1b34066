import { raiseAlert } from "~/domain/supervision/raise-alert";
import type { Tx } from "~/lib/db.server";
import { loadAwardClocks } from "./award-clocks";

/**
 * An award-phase clock reached its instant (AWARD_CLOCK_DUE): if the step is still not done — written report
 * (招标投标法 art. 47), contract (art. 46), 政府采购 filing (政府采购法 art. 47), bond refunds (实施条例 art. 57) —
 * supervisors get a red alert naming it. One alert per lot and clock.
 */
export async function checkAwardClock(tx: Tx, lotId: string, refId: string, dueAt: Date): Promise<boolean> {
  const { clocks } = await loadAwardClocks(tx, lotId);
  const still = clocks.find((c) => c.refId === refId);
  if (!still || still.dueAt > new Date(Math.max(Date.now(), dueAt.getTime()))) return false;
  return raiseAlert(tx, {
    kind: "AWARD_CLOCK_OVERDUE",
    severity: "RED",
    lotId,
    messageCode: "supervision:alerts.AWARD_CLOCK_OVERDUE",
    params: { clock: refId, dueAt: still.dueAt.toISOString() },
    dedupeKey: `award-clock-${lotId}-${refId}`,
  });
}

import type { ScoringDeviationFact } from "./alert-rules/types";

/**
 * The scoring-deviation rule's facts for one evaluation: its deviations (just computed, or stored with its
 * results) tagged with the lot and session. One mapping for the instant alert at the end of scoring and
 * for the minute-by-minute run, so both raise the same alerts (same dedupe keys).
 */
export function scoringDeviationFacts(lotId: string, sessionId: string, deviations: readonly Omit<ScoringDeviationFact, "lotId" | "sessionId">[]): ScoringDeviationFact[] {
  return deviations.map((d) => ({
    lotId,
    sessionId,
    seat: d.seat,
    ordinal: d.ordinal,
    criterionKey: d.criterionKey,
    scoreX100: d.scoreX100,
    medianX100: d.medianX100,
    maxX100: d.maxX100,
  }));
}

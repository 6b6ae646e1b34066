import { formatX100 } from "~/domain/evaluation/evaluation-config";
import type { AlertRule } from "./types";

/**
 * 评分畸高畸低: a member's score on a criterion stands far from the rest of the committee (rule
 * scoreDeviation, app/domain/rules/statutory/score-deviation.ts: more than the centre's share of the
 * criterion's maximum from the mean of the others). One alert per (lot, seat, bid, criterion), with the
 * numbers; seats, not names (the supervisor's evaluation page names the seat).
 */
export const scoringDeviation: AlertRule = {
  id: "scoring-deviation",
  evaluate({ scoringDeviations = [] }) {
    return scoringDeviations.map((d) => ({
      kind: "SCORING_DEVIATION",
      severity: "YELLOW" as const,
      lotId: d.lotId,
      messageCode: "supervision:alerts.SCORING_DEVIATION",
      params: {
        seat: d.seat,
        ordinal: d.ordinal,
        criterion: d.criterionKey,
        score: formatX100(d.scoreX100),
        mean: formatX100(d.medianX100),
        max: formatX100(d.maxX100),
      },
      dedupeKey: `scoring-deviation-${d.sessionId}-${d.seat}-${d.ordinal}-${d.criterionKey}`,
    }));
  },
};

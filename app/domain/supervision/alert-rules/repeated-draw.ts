import type { AlertRule } from "./types";

/** 重复抽取: a lot with more than one expert draw (re-draws are counted, cancelled ones too). */
export const repeatedDraw: AlertRule = {
  id: "repeated-draw",
  evaluate({ drawsPerLot }) {
    return drawsPerLot
      .filter((d) => d.draws > 1)
      .map((d) => ({
        kind: "REPEATED_DRAW",
        severity: d.cancelled > 0 ? ("RED" as const) : ("YELLOW" as const),
        lotId: d.lotId,
        messageCode: "supervision:alerts.REPEATED_DRAW",
        params: { draws: d.draws, cancelled: d.cancelled },
        // One alert per count: a third draw is news again.
        dedupeKey: `repeated-draw-${d.lotId}-${d.draws}`,
      }));
  },
};

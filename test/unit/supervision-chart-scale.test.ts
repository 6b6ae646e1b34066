import { describe, expect, test } from "vitest";
import { niceScale } from "~/components/supervision/charts";

describe("niceScale (statistics chart axes)", () => {
  test("whole, round steps that cover the largest bar", () => {
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(1)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(5)).toEqual({ top: 6, ticks: [0, 2, 4, 6] });
    expect(niceScale(19)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
    expect(niceScale(9080)).toEqual({ top: 10000, ticks: [0, 5000, 10000] });
  });

  test("never a fractional tick, whatever the maximum", () => {
    for (let max = 1; max < 5000; max += 7) {
      const { top, ticks } = niceScale(max);
      expect(top).toBeGreaterThanOrEqual(max);
      for (const v of ticks) expect(Number.isInteger(v)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});

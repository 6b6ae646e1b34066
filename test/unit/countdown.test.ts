import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { formatCountdown } from "~/components/portal/countdown";
import { splitDuration } from "~/components/tenders/countdown";

const t = ((key: string, o: { d?: number; h: string; m: string; s: string }) => `${key === "portal:countdown.dhms" ? `${o.d}d ` : ""}${o.h}:${o.m}:${o.s}`) as unknown as TFunction;

describe("the two countdowns split time the same way", () => {
  it("rounds up to the second: never 00:00:00 while time is left", () => {
    expect(splitDuration(1)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(formatCountdown(1, t)).toBe("00:00:01");
    expect(formatCountdown(0, t)).toBe("00:00:00");
    expect(formatCountdown(-5_000, t)).toBe("00:00:00");
  });

  it("counts days apart from the clock time", () => {
    expect(formatCountdown(2 * 86_400_000 + 3_723_400, t)).toBe("2d 01:02:04");
    expect(formatCountdown(86_399_001, t)).toBe("1d 00:00:00");
  });
});

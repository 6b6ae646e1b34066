import { describe, expect, it } from "vitest";
import { timelineView } from "~/components/portal/timeline-view";

const T0 = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const steps = [
  { key: "deadline", at: at(25) },
  { key: "published", at: at(0) },
  { key: "docsFrom", at: at(1) },
  { key: "docsTo", at: at(10) },
  { key: "clarification", at: at(9) },
  { key: "objection", at: at(12) },
];
const states = (v: ReturnType<typeof timelineView>) => v.map((s) => `${s.key}:${s.state}`);

describe("timelineView: which step of the public timeline is current", () => {
  it("on the normal course: the last passed instant is current, the first future one next", () => {
    expect(states(timelineView(steps, T0 + 9.5 * DAY))).toEqual([
      "published:done", "docsFrom:done", "clarification:current", "docsTo:next", "objection:upcoming", "deadline:upcoming",
    ]);
    expect(states(timelineView(steps, T0 + 30 * DAY)).at(-1)).toBe("deadline:current");
  });

  it("after a 流标 the timeline ends in the 流标 step with its notice; evaluation and award will not happen", () => {
    const v = timelineView(steps, T0 + 26 * DAY, { kind: "FAILED", at: at(25.01), announcementId: "a1" });
    expect(states(v)).toEqual([
      "published:done", "docsFrom:done", "clarification:done", "docsTo:done", "objection:done", "deadline:done",
      "failed:current", "evaluation:skipped", "award:skipped",
    ]);
    expect(v.find((s) => s.key === "failed")).toMatchObject({ at: at(25.01), announcementId: "a1" });
    expect(v.filter((s) => s.state === "current")).toHaveLength(1);
  });

  it("a cancellation before the deadline skips the instants after it", () => {
    expect(states(timelineView(steps, T0 + 11 * DAY, { kind: "CANCELLED", at: at(11) }))).toEqual([
      "published:done", "docsFrom:done", "clarification:done", "docsTo:done", "cancelled:current",
      "objection:skipped", "deadline:skipped", "evaluation:skipped", "award:skipped",
    ]);
  });

  it("a suspension is current and the later steps wait (paused, no countdown)", () => {
    const v = timelineView(steps, T0 + 30 * DAY, { kind: "SUSPENDED", at: at(11) });
    expect(states(v)).toEqual([
      "published:done", "docsFrom:done", "clarification:done", "docsTo:done", "suspended:current",
      "objection:paused", "deadline:paused", "evaluation:paused", "award:paused",
    ]);
    expect(v.some((s) => s.state === "next")).toBe(false);
  });
});

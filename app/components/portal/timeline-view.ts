/**
 * Which step of a lot's public timeline is current — pure, so the stepper and its tests agree (the
 * stepper calls it on every tick of the server clock).
 *
 * Without an outcome: the last passed instant is current, the first future one is next. With a terminal
 * outcome (流标 FAILED, 终止 CANCELLED) the timeline ends in that step, current; instants after it and the
 * stages that have no instant yet (evaluation, award) are "skipped" — they will not take place. A
 * suspension (SUSPENDED) is current too, but the steps after it are "paused": they resume with the lot.
 */

export type StepState = "done" | "current" | "next" | "upcoming" | "skipped" | "paused";

export interface TimelineStep {
  key: string;
  at: string | Date;
}

export interface TimelineOutcome {
  kind: "FAILED" | "CANCELLED" | "SUSPENDED";
  at: string | Date;
  /** The public notice of the outcome (the 流标公告), when there is one. */
  announcementId?: string | null;
}

export interface ViewStep {
  key: string;
  at: string | Date | null;
  state: StepState;
  announcementId?: string | null;
}

/** Stages after the bid deadline that have no instant on the tender page. */
export const LATER_STAGES = ["evaluation", "award"] as const;

const ms = (x: string | Date) => new Date(x).getTime();

export function timelineView(steps: readonly TimelineStep[], now: number, outcome?: TimelineOutcome | null): ViewStep[] {
  const sorted = [...steps].sort((a, b) => ms(a.at) - ms(b.at));
  if (!outcome) {
    const nextIdx = sorted.findIndex((s) => ms(s.at) > now);
    const currentIdx = nextIdx === -1 ? sorted.length - 1 : nextIdx - 1;
    return sorted.map((s, i) => ({
      ...s,
      state: i < currentIdx ? "done" : i === currentIdx ? "current" : i === nextIdx ? "next" : "upcoming",
    }));
  }
  const end = ms(outcome.at);
  const after: StepState = outcome.kind === "SUSPENDED" ? "paused" : "skipped";
  const before = sorted.filter((s) => ms(s.at) <= end).map((s): ViewStep => ({ ...s, state: "done" }));
  const later = sorted.filter((s) => ms(s.at) > end).map((s): ViewStep => ({ ...s, state: after }));
  const marker: ViewStep = { key: outcome.kind.toLowerCase(), at: outcome.at, state: "current", announcementId: outcome.announcementId ?? null };
  const stages: ViewStep[] = LATER_STAGES.map((key) => ({ key, at: null, state: after }));
  return [...before, marker, ...later, ...stages];
}

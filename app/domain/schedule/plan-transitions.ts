import type { AwardClocks } from "~/domain/award/award-clocks";
import { phaseOf, phaseRow } from "~/domain/tenders/lot-phases";
import type { LotStatus, TransitionKind } from "~/generated/prisma/enums";

/** What the schedule of a lot should hold, derived from the lot alone (pure; unit-tested). */
export interface DesiredTransition {
  kind: TransitionKind;
  refId: string;
  dueAt: Date;
}

export interface LotForSchedule {
  status: LotStatus;
  suspendedFrom: LotStatus | null;
  docsAvailableTo: Date;
  bidDeadline: Date;
  /** The award phase's instants (app/domain/award), when the lot has reached it. */
  award?: AwardClocks | null;
}

export interface OpenObjection {
  id: string;
  answerDueAt: Date;
}

/**
 * The time-based steps still ahead of a lot. A suspended lot keeps the steps of the state it came from:
 * they are HELD when their instant passes during the suspension and released on resumption. The steps are
 * the phase's deadlines with a transition (lot-phases.ts).
 */
export function planTransitions(lot: LotForSchedule, openObjections: readonly OpenObjection[]): DesiredTransition[] {
  const phase = phaseOf(lot);
  const out: DesiredTransition[] = [];
  for (const d of phase ? phaseRow(phase).deadlines : []) {
    if (!("transition" in d.then)) continue;
    if (d.at !== "docsAvailableTo" && d.at !== "bidDeadline") throw new Error(`plan-transitions: no instant ${d.at} on the lot`);
    out.push({ kind: d.then.transition, refId: "", dueAt: lot[d.at] });
  }
  // An unanswered objection's clock runs whatever the lot's state (the supervisor watches it).
  for (const o of openObjections) out.push({ kind: "OBJECTION_ANSWER_DUE", refId: o.id, dueAt: o.answerDueAt });
  // Award phase: the publicity ends by itself (held while an objection suspends the lot); its clocks alert.
  if (lot.award?.publicityEndsAt) out.push({ kind: "PUBLICITY_END", refId: "", dueAt: lot.award.publicityEndsAt });
  for (const c of lot.award?.clocks ?? []) out.push({ kind: "AWARD_CLOCK_DUE", refId: c.refId, dueAt: c.dueAt });
  return out;
}

export interface ExistingTransition {
  id: string;
  kind: TransitionKind;
  refId: string;
  dueAt: Date;
  rev: number;
  status: "PENDING" | "HELD" | "DONE" | "CANCELLED";
}

export type ScheduleAction =
  | { op: "insert"; want: DesiredTransition }
  /** New instant or released hold: the row gets (dueAt, rev) and a fresh job. */
  | { op: "rearm"; id: string; want: DesiredTransition; rev: number }
  | { op: "cancel"; id: string };

const key = (k: TransitionKind, refId: string) => `${k}|${refId}`;

/**
 * Diff between the rows and what the lot needs. A moved instant re-arms the row with a new job id (the old
 * job then finds the row changed and does nothing); a HELD row is released once the lot is no longer
 * suspended; a DONE row is re-armed only when its instant moved into the future (e.g. documents window
 * extended by a change notice after it had closed); PENDING/HELD rows no longer wanted are cancelled.
 */
export function diffSchedule(
  existing: readonly ExistingTransition[],
  desired: readonly DesiredTransition[],
  lotSuspended: boolean,
  now: Date,
): ScheduleAction[] {
  const actions: ScheduleAction[] = [];
  const rows = new Map(existing.map((r) => [key(r.kind, r.refId), r]));
  const wanted = new Set<string>();
  for (const want of desired) {
    const k = key(want.kind, want.refId);
    wanted.add(k);
    const row = rows.get(k);
    if (!row) {
      actions.push({ op: "insert", want });
      continue;
    }
    const moved = row.dueAt.getTime() !== want.dueAt.getTime();
    if (row.status === "PENDING" && moved) actions.push({ op: "rearm", id: row.id, want, rev: row.rev + 1 });
    else if (row.status === "HELD" && (!lotSuspended || moved)) actions.push({ op: "rearm", id: row.id, want, rev: row.rev + 1 });
    else if (row.status === "CANCELLED") actions.push({ op: "rearm", id: row.id, want, rev: row.rev + 1 });
    else if (row.status === "DONE" && moved && want.dueAt > now) actions.push({ op: "rearm", id: row.id, want, rev: row.rev + 1 });
  }
  for (const row of existing) {
    if (!wanted.has(key(row.kind, row.refId)) && (row.status === "PENDING" || row.status === "HELD")) {
      actions.push({ op: "cancel", id: row.id });
    }
  }
  return actions;
}

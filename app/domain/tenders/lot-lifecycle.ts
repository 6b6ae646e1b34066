import type { Actor } from "~/domain/actor";
import { can } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";
import { PHASES, statusesIn, type Guard, type GuardContext, type LotEvent, type Trigger } from "./lot-phases";

/**
 * THE lot state machine, read off the phase table (lot-phases.ts). Every change of Lot.status goes
 * through `transitionLot` below — nothing else in the code base writes that column
 * (test/unit/tender-lifecycle.test.ts greps for it). A pair (from, event) that is not in TRANSITIONS is
 * refused; every applied transition is audited in the caller's transaction.
 */
export type { GuardContext, LotEvent } from "./lot-phases";
export { LOT_STATUSES } from "./lot-phases";

export const LOT_EVENTS: readonly LotEvent[] = [
  "submit", "withdraw", "approve", "reject", "close_bidding", "open_hall", "start_evaluation",
  "complete_evaluation", "publish_candidates", "award", "record_contract", "archive", "suspend", "resume", "cancel", "fail",
];

export interface LotTransition {
  event: LotEvent;
  from: LotStatus;
  /** "PREVIOUS": the state recorded when the lot was suspended. */
  to: LotStatus | "PREVIOUS";
  by: readonly Trigger[];
  /** Returns an error code ("tenders:errors.…") to refuse, or null. */
  guard?: Guard;
}

/** The transition map, read off the phase table (lot-phases.ts): each row's entering events, and resume. */
export const TRANSITIONS: readonly LotTransition[] = PHASES.flatMap((p) => [
  ...p.enteredBy.flatMap((e) =>
    (typeof e.from === "string" ? statusesIn(e.from) : e.from).map((from) => ({ event: e.event, from, to: p.status, by: e.by, guard: e.guard })),
  ),
  ...(p.resumedBy ? [{ event: p.resumedBy.event, from: p.status, to: "PREVIOUS" as const, by: p.resumedBy.by }] : []),
]);

const byKey = new Map(TRANSITIONS.map((t) => [`${t.from}|${t.event}`, t]));
if (byKey.size !== TRANSITIONS.length) throw new Error("lot-lifecycle: duplicate (from, event) in TRANSITIONS");

export function findTransition(from: LotStatus, event: LotEvent): LotTransition | undefined {
  return byKey.get(`${from}|${event}`);
}

export function mayTrigger(actor: Actor, t: LotTransition): boolean {
  return t.by.some((p) => (p === "SYSTEM" ? actor.role === "SYSTEM" : can(actor.role, p)));
}

/**
 * Pure decision: the target state of `event` on `lot`, or a DomainError. Separate from the write so the
 * whole table is unit-testable.
 */
export function planTransition(lot: GuardContext["lot"], actor: Actor, event: LotEvent): LotStatus {
  const t = findTransition(lot.status, event);
  if (!t) throw new DomainError("tenders:errors.transitionNotAllowed", { from: lot.status, event }, 409);
  if (!mayTrigger(actor, t)) throw new DomainError("common:errors.forbidden", { permission: `lot.${event}` }, 403);
  const refusal = t.guard?.({ actor, lot });
  if (refusal) throw new DomainError(refusal, {}, 403);
  if (t.to === "PREVIOUS") {
    if (!lot.suspendedFrom) throw new DomainError("tenders:errors.transitionNotAllowed", { from: lot.status, event }, 409);
    return lot.suspendedFrom;
  }
  return t.to;
}

export interface TransitionResult {
  applied: boolean;
  from: LotStatus;
  to: LotStatus;
}

/**
 * Applies `event` to the lot if it is still in `expectedStatus`: a conditional UPDATE (WHERE status =
 * expected), so a repeated or concurrent call changes nothing and returns applied: false — scheduled jobs
 * can fire twice safely. Refusals (pair not in the table, trigger not permitted, guard) throw.
 */
export async function transitionLot(
  tx: Tx,
  actor: Actor,
  lotId: string,
  event: LotEvent,
  opts: {
    expectedStatus: LotStatus;
    reason?: string;
    detail?: Record<string, unknown>;
    /** The lot as the caller just read it in this transaction (saves a read on the scheduler's hot path). */
    lot?: GuardContext["lot"];
  },
): Promise<TransitionResult> {
  const lot =
    opts.lot ??
    (await tx.lot.findUnique({
      where: { id: lotId },
      select: { id: true, status: true, authorId: true, suspendedFrom: true },
    }));
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  const from = opts.expectedStatus;
  // Plan against the expected state: the table decides whether the event is legal from there at all.
  const to = planTransition({ ...lot, status: from }, actor, event);
  if (lot.status !== from) return { applied: false, from: lot.status, to: lot.status };

  const { count } = await tx.lot.updateMany({
    where: { id: lotId, status: from },
    data: {
      status: to,
      suspendedFrom: event === "suspend" ? from : event === "resume" ? null : lot.suspendedFrom,
    },
  });
  if (count === 0) return { applied: false, from, to: from };

  await appendAudit(tx, actor, {
    action: `lot.${event}`,
    entityType: "Lot",
    entityId: lotId,
    before: { status: from },
    after: { status: to },
    detail: { from, to, ...(opts.reason ? { reason: opts.reason.slice(0, 500) } : {}), ...opts.detail },
  });
  return { applied: true, from, to };
}

import type { Actor } from "~/domain/actor";
import { can, type Permission } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

/**
 * THE lot state machine. Every change of Lot.status goes through `transitionLot` below — nothing else in
 * the code base writes that column (test/unit/tender-lifecycle.test.ts greps for it). A pair (from, event)
 * that is not in TRANSITIONS is refused; every applied transition is audited in the caller's transaction.
 */
export type LotEvent =
  | "submit" // author sends the draft to review
  | "withdraw" // author takes it back before review
  | "approve" // second staff member approves → published (一审一核)
  | "reject" // reviewer sends it back to draft
  | "close_bidding" // bid deadline passed (scheduled)
  | "open_hall" // opening time (= bid deadline): the hall opens
  | "start_evaluation"
  | "complete_evaluation" // report signed by the committee (app/domain/evaluation)
  | "publish_candidates"
  | "award"
  | "archive"
  | "suspend" // objection pending or supervisor's order
  | "resume" // back to the state it was suspended from
  | "cancel"
  | "fail"; // 流标

export const LOT_EVENTS: readonly LotEvent[] = [
  "submit", "withdraw", "approve", "reject", "close_bidding", "open_hall", "start_evaluation",
  "complete_evaluation", "publish_candidates", "award", "archive", "suspend", "resume", "cancel", "fail",
];

export const LOT_STATUSES: readonly LotStatus[] = [
  "DRAFT", "UNDER_REVIEW", "PUBLISHED", "BIDDING_CLOSED", "OPENING", "EVALUATION", "EVALUATED", "CANDIDATES_PUBLICITY",
  "AWARDED", "ARCHIVED", "SUSPENDED", "CANCELLED", "FAILED",
];

/** Who may trigger: any of these permissions (from the permission table), or the scheduler itself. */
type Trigger = Permission | "SYSTEM";

export interface GuardContext {
  actor: Actor;
  lot: { id: string; status: LotStatus; authorId: string; suspendedFrom: LotStatus | null };
}

export interface LotTransition {
  event: LotEvent;
  from: LotStatus;
  /** "PREVIOUS": the state recorded when the lot was suspended. */
  to: LotStatus | "PREVIOUS";
  by: readonly Trigger[];
  /** Returns an error code ("tenders:errors.…") to refuse, or null. */
  guard?: (ctx: GuardContext) => string | null;
}

const notAuthor = ({ actor, lot }: GuardContext) =>
  actor.userId !== null && actor.userId === lot.authorId ? "tenders:errors.selfReview" : null;

/** States in which the lot is "live" after publication and can be suspended. */
const SUSPENDABLE: readonly LotStatus[] = ["PUBLISHED", "BIDDING_CLOSED", "OPENING", "EVALUATION", "CANDIDATES_PUBLICITY"];

const many = (event: LotEvent, froms: readonly LotStatus[], to: LotTransition["to"], by: readonly Trigger[]): LotTransition[] =>
  froms.map((from) => ({ event, from, to, by }));

export const TRANSITIONS: readonly LotTransition[] = [
  { event: "submit", from: "DRAFT", to: "UNDER_REVIEW", by: ["tender.create"] },
  { event: "withdraw", from: "UNDER_REVIEW", to: "DRAFT", by: ["tender.create"] },
  { event: "approve", from: "UNDER_REVIEW", to: "PUBLISHED", by: ["tender.review"], guard: notAuthor },
  { event: "reject", from: "UNDER_REVIEW", to: "DRAFT", by: ["tender.review"], guard: notAuthor },
  { event: "close_bidding", from: "PUBLISHED", to: "BIDDING_CLOSED", by: ["SYSTEM"] },
  { event: "open_hall", from: "BIDDING_CLOSED", to: "OPENING", by: ["SYSTEM", "opening.host"] },
  { event: "start_evaluation", from: "OPENING", to: "EVALUATION", by: ["SYSTEM", "opening.host"] },
  { event: "complete_evaluation", from: "EVALUATION", to: "EVALUATED", by: ["SYSTEM"] },
  { event: "publish_candidates", from: "EVALUATION", to: "CANDIDATES_PUBLICITY", by: ["tender.transition"] },
  { event: "award", from: "CANDIDATES_PUBLICITY", to: "AWARDED", by: ["tender.transition"] },
  ...many("archive", ["AWARDED", "FAILED", "CANCELLED"], "ARCHIVED", ["tender.transition"]),
  ...many("suspend", SUSPENDABLE, "SUSPENDED", ["objection.raise", "tender.suspend_by_order", "tender.transition"]),
  { event: "resume", from: "SUSPENDED", to: "PREVIOUS", by: ["objection.answer", "tender.suspend_by_order", "tender.transition"] },
  ...many("cancel", ["DRAFT", "UNDER_REVIEW", "PUBLISHED", "BIDDING_CLOSED", "SUSPENDED"], "CANCELLED", ["tender.transition"]),
  ...many("fail", ["BIDDING_CLOSED", "OPENING", "EVALUATION", "CANDIDATES_PUBLICITY"], "FAILED", ["tender.transition"]),
];

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

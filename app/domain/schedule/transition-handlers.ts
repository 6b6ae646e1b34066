import { systemActor } from "~/domain/actor";
import { checkAwardClock } from "~/domain/award/check-award-clock";
import { endPublicity } from "~/domain/award/end-publicity";
import { appendAudit } from "~/domain/audit/append-audit";
import { enqueueAvoidanceRecheck } from "~/domain/draw/recheck-draw-avoidance";
import { ensureOpeningSession } from "~/domain/opening/open-hall-session";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import { inGroup } from "~/domain/tenders/lot-phases";
import type { LotStatus, TransitionKind, TransitionOutcome } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";
import { objectionAnswerAlert } from "~/domain/supervision/alert-rules/objection-answer-due";
import { storeRaisedAlerts } from "~/domain/supervision/store-raised-alerts";

export interface FiringTransition {
  id: string;
  lotId: string;
  kind: TransitionKind;
  refId: string;
  dueAt: Date;
}

export interface FiringLot {
  id: string;
  authorId: string;
  status: LotStatus;
  suspendedFrom: LotStatus | null;
  docsAvailableTo: Date;
  bidDeadline: Date;
}

/** What a handler did: the stored enum TransitionOutcome (prisma/schema/tenders.prisma says each value). */
export type { TransitionOutcome };

type Handler = (tx: Tx, t: FiringTransition, lot: FiringLot) => Promise<TransitionOutcome>;

const SYSTEM = systemActor("schedule");

async function closeBidding(tx: Tx, t: FiringTransition, lot: FiringLot): Promise<TransitionOutcome> {
  if (lot.status === "SUSPENDED") return "HELD";
  if (inGroup(lot.status, "biddingClosed")) return "ALREADY_APPLIED";
  if (lot.status !== "PUBLISHED") return "NOOP";
  const r = await transitionLot(tx, SYSTEM, lot.id, "close_bidding", {
    expectedStatus: "PUBLISHED",
    detail: { transitionId: t.id, dueAt: t.dueAt.toISOString() },
    lot,
  });
  // The bidders are known now: experts drawn before the deadline are checked against them (回避复核).
  if (r.applied) await enqueueAvoidanceRecheck(tx, lot.id, "deadline");
  return r.applied ? "APPLIED" : "ALREADY_APPLIED";
}

export const TRANSITION_HANDLERS: Record<TransitionKind, Handler> = {
  /** The window is enforced in the request path; the job records the instant in the log. */
  CLOSE_DOCS: async (tx, t, lot) => {
    await appendAudit(tx, SYSTEM, {
      action: "lot.docs_closed",
      entityType: "Lot",
      entityId: lot.id,
      detail: { transitionId: t.id, dueAt: t.dueAt.toISOString() },
    });
    return "APPLIED";
  },

  CLOSE_BIDDING: closeBidding,

  /** Same instant as CLOSE_BIDDING: if that job has not run yet, close first, then open — never out of order. */
  OPEN_HALL: async (tx, t, lot) => {
    if (lot.status === "SUSPENDED") return "HELD";
    if (inGroup(lot.status, "opened")) {
      if (lot.status === "OPENING") await ensureOpeningSession(tx, lot.id); // idempotent: heals a lost session
      return "ALREADY_APPLIED";
    }
    let current = lot;
    if (lot.status === "PUBLISHED") {
      const c = await closeBidding(tx, t, lot);
      if (c !== "APPLIED" && c !== "ALREADY_APPLIED") return c;
      if (c === "ALREADY_APPLIED") current = { ...lot, ...(await tx.lot.findUniqueOrThrow({ where: { id: lot.id }, select: { status: true } })) };
      else current = { ...lot, status: "BIDDING_CLOSED" };
    } else if (lot.status !== "BIDDING_CLOSED") {
      return "NOOP";
    }
    const r = await transitionLot(tx, SYSTEM, lot.id, "open_hall", {
      expectedStatus: "BIDDING_CLOSED",
      detail: { transitionId: t.id, dueAt: t.dueAt.toISOString() },
      lot: current,
    });
    // The hall opens by itself with the lot (app/domain/opening): same transaction, idempotent.
    await ensureOpeningSession(tx, lot.id);
    return r.applied ? "APPLIED" : "ALREADY_APPLIED";
  },

  /**
   * 超时预警: an objection not answered by its due instant is a red alert for supervisors — the same alert
   * (key, kind, evidence) the alert rules raise, so a yellow one already standing turns red in place.
   */
  OBJECTION_ANSWER_DUE: async (tx, t, lot) => {
    const o = await tx.objection.findUnique({ where: { id: t.refId }, select: { answeredAt: true, answerDueAt: true } });
    if (!o || o.answeredAt) return "NOOP";
    // Fired at its instant: judged at that instant at the latest, so a job early by a few ms still reads red.
    const at = new Date(Math.max(Date.now(), o.answerDueAt.getTime()));
    const alert = objectionAnswerAlert({ id: t.refId, lotId: lot.id, answerDueAt: o.answerDueAt }, at);
    if (alert) await storeRaisedAlerts(tx, [alert]);
    return "ALERTED";
  },

  /** 中标候选人公示 over: held while an objection suspends the lot (实施条例 art. 54), recorded once otherwise. */
  PUBLICITY_END: async (tx, t, lot) => {
    if (lot.status === "SUSPENDED") return "HELD";
    const ended = await endPublicity(tx, lot.id, new Date(Math.max(Date.now(), t.dueAt.getTime())));
    return ended ? "APPLIED" : "ALREADY_APPLIED";
  },

  /** Award-phase clock (report, contract, filing, refunds): red alert when its step is still not done. */
  AWARD_CLOCK_DUE: async (tx, t, lot) => ((await checkAwardClock(tx, lot.id, t.refId, t.dueAt)) ? "ALERTED" : "NOOP"),
};

/** The lot instant a transition kind follows; used to detect a row that lags behind its lot. */
export function lotInstantOf(kind: TransitionKind, lot: FiringLot): Date | null {
  if (kind === "CLOSE_DOCS") return lot.docsAvailableTo;
  if (kind === "CLOSE_BIDDING" || kind === "OPEN_HALL") return lot.bidDeadline;
  return null;
}

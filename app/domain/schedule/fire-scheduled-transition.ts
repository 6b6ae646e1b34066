import { dbNow } from "~/domain/bids/db-clock";
import { getDb, type Db } from "~/lib/db.server";
import { scheduleLotTransitions } from "./schedule-lot-transitions";
import type { LotStatus } from "~/generated/prisma/enums";
import { lotInstantOf, TRANSITION_HANDLERS, type FiringLot, type FiringTransition, type TransitionOutcome } from "./transition-handlers";

export interface FirePayload {
  transitionId: string;
  dueAtMs: number;
  rev: number;
}

export interface FireResult {
  /** STALE: the row moved on (new instant, new rev, already done or cancelled); MISSING: no such row. */
  /** RESCHEDULED: the lot's instant no longer matches, the schedule was rebuilt (the row stays pending). */
  outcome: TransitionOutcome | "RESCHEDULED" | "STALE" | "MISSING";
  latenessMs?: number;
}

interface FiringRow extends FiringTransition {
  rev: number;
  status: string;
  lotStatus: LotStatus;
  suspendedFrom: LotStatus | null;
  docsAvailableTo: Date;
  bidDeadline: Date;
  authorId: string;
}

/** A job that wakes up more than this before its instant is retried rather than waited for. */
const MAX_EARLY_WAIT_MS = 5_000;

/**
 * Runs one scheduled transition, exactly once however often its job fires: the row is locked, checked
 * against the job's (dueAt, rev) and PENDING status, the kind's handler applies its conditional lot
 * transition, and the row is marked DONE (or HELD) with its lateness — all in one transaction. A stale job
 * (the instant moved, or a duplicate after a Redis rebuild) finds the row changed and does nothing.
 */
export async function fireScheduledTransition(p: FirePayload, deps: { db?: Db } = {}): Promise<FireResult> {
  const db = deps.db ?? getDb();
  // The database clock is the only clock (the one that decides whether a bid is on time): never act before
  // the instant by it, even if the alarm rang early or this worker's own clock runs fast (issue 13).
  const early = p.dueAtMs - (await dbNow(db)).getTime();
  if (early > 0) {
    // A stale alarm (instant moved, row done or cancelled) is dropped at once, without waiting.
    const current = await db.scheduledTransition.findUnique({
      where: { id: p.transitionId },
      select: { status: true, dueAt: true, rev: true },
    });
    if (!current) return { outcome: "MISSING" };
    if (current.status !== "PENDING" || current.dueAt.getTime() !== p.dueAtMs || current.rev !== p.rev) return { outcome: "STALE" };
    if (early > MAX_EARLY_WAIT_MS) throw new Error(`Transition ${p.transitionId} woke ${early} ms early; retrying`);
    await new Promise((r) => setTimeout(r, early));
  }

  return db.$transaction(async (tx) => {
    // One round trip on the hot path: lock the row, read it and its lot.
    const [row] = await tx.$queryRaw<FiringRow[]>`
      SELECT st.id, st."lotId", st.kind::text AS kind, st."refId", st."dueAt", st.rev, st.status::text AS status,
             l.status::text AS "lotStatus", l."suspendedFrom"::text AS "suspendedFrom", l."docsAvailableTo",
             l."bidDeadline", l."authorId"
        FROM "ScheduledTransition" st JOIN "Lot" l ON l.id = st."lotId"
       WHERE st.id = ${p.transitionId}::uuid
         FOR UPDATE OF st`;
    if (!row) return { outcome: "MISSING" };
    if (row.status !== "PENDING" || row.dueAt.getTime() !== p.dueAtMs || row.rev !== p.rev) return { outcome: "STALE" };
    // Checked again under the lock, by the database clock: a transition never fires before its instant.
    const now = await dbNow(tx);
    if (now.getTime() < row.dueAt.getTime()) throw new Error(`Transition ${p.transitionId} is ${row.dueAt.getTime() - now.getTime()} ms early by the database clock; retrying`);
    const t: FiringTransition = { id: row.id, lotId: row.lotId, kind: row.kind, refId: row.refId, dueAt: row.dueAt };
    const lot: FiringLot = {
      id: row.lotId,
      authorId: row.authorId,
      status: row.lotStatus,
      suspendedFrom: row.suspendedFrom,
      docsAvailableTo: row.docsAvailableTo,
      bidDeadline: row.bidDeadline,
    };
    const instant = lotInstantOf(t.kind, lot);
    if (instant && instant.getTime() !== t.dueAt.getTime()) {
      // The lot's instant changed without its schedule (should not happen: every writer reschedules in the
      // same transaction). Heal instead of acting at the wrong time.
      await scheduleLotTransitions(tx, lot.id);
      return { outcome: "RESCHEDULED" };
    }

    const firedAt = now;
    const outcome = await TRANSITION_HANDLERS[t.kind](tx, t, lot);
    const latenessMs = firedAt.getTime() - t.dueAt.getTime();
    await tx.scheduledTransition.update({
      where: { id: t.id },
      data: { status: outcome === "HELD" ? "HELD" : "DONE", firedAt, latenessMs, outcome },
    });
    return { outcome, latenessMs };
  });
}

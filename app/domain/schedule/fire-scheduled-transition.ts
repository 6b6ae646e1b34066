import { getDb, type Db } from "~/lib/db.server";
import { scheduleLotTransitions } from "./schedule-lot-transitions";
import { lotInstantOf, TRANSITION_HANDLERS, type FiringTransition, type TransitionOutcome } from "./transition-handlers";

export interface FirePayload {
  transitionId: string;
  dueAtMs: number;
  rev: number;
}

export interface FireResult {
  /** STALE: the row moved on (new instant, new rev, already done or cancelled); MISSING: no such row. */
  outcome: TransitionOutcome | "STALE" | "MISSING";
  latenessMs?: number;
}

interface FiringRow extends FiringTransition {
  rev: number;
  status: string;
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
  // A stale alarm (instant moved, row done or cancelled) is dropped at once, whatever its time.
  const current = await db.scheduledTransition.findUnique({
    where: { id: p.transitionId },
    select: { status: true, dueAt: true, rev: true },
  });
  if (!current) return { outcome: "MISSING" };
  if (current.status !== "PENDING" || current.dueAt.getTime() !== p.dueAtMs || current.rev !== p.rev) return { outcome: "STALE" };
  // The server clock is the only clock: never act before the instant, even if the alarm rang early.
  const early = p.dueAtMs - Date.now();
  if (early > MAX_EARLY_WAIT_MS) throw new Error(`Transition ${p.transitionId} woke ${early} ms early; retrying`);
  if (early > 0) await new Promise((r) => setTimeout(r, early));

  return db.$transaction(async (tx) => {
    const [t] = await tx.$queryRaw<FiringRow[]>`
      SELECT id, "lotId", kind::text AS kind, "refId", "dueAt", rev, status::text AS status
        FROM "ScheduledTransition" WHERE id = ${p.transitionId}::uuid FOR UPDATE`;
    if (!t) return { outcome: "MISSING" };
    if (t.status !== "PENDING" || t.dueAt.getTime() !== p.dueAtMs || t.rev !== p.rev) return { outcome: "STALE" };

    const lot = await tx.lot.findUniqueOrThrow({
      where: { id: t.lotId },
      select: { id: true, status: true, suspendedFrom: true, docsAvailableTo: true, bidDeadline: true },
    });
    const instant = lotInstantOf(t.kind, lot);
    if (instant && instant.getTime() !== t.dueAt.getTime()) {
      // The lot's instant changed without its schedule (should not happen: every writer reschedules in the
      // same transaction). Heal instead of acting at the wrong time.
      await scheduleLotTransitions(tx, lot.id);
      return { outcome: "RESCHEDULED" };
    }

    const firedAt = new Date();
    const outcome = await TRANSITION_HANDLERS[t.kind](tx, t, lot);
    const latenessMs = firedAt.getTime() - t.dueAt.getTime();
    await tx.scheduledTransition.update({
      where: { id: t.id },
      data: { status: outcome === "HELD" ? "HELD" : "DONE", firedAt, latenessMs, outcome },
    });
    return { outcome, latenessMs };
  });
}

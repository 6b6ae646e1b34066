import { loadAwardClocks } from "~/domain/award/award-clocks";
import { fireTransition } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import type { Tx } from "~/lib/db.server";
import { diffSchedule, planTransitions, type ExistingTransition } from "./plan-transitions";

export const transitionJobPayload = (id: string, dueAt: Date, rev: number) => ({
  transitionId: id,
  dueAtMs: dueAt.getTime(),
  rev,
});

/**
 * Brings the lot's ScheduledTransition rows in line with its current instants and state, inside the
 * caller's transaction (publication, change notice, objection, resumption…). Every row that needs an
 * alarm gets a BullMQ delayed job through the outbox, so the job exists exactly when the change commits.
 * Idempotent: calling it twice changes nothing the second time.
 */
export async function scheduleLotTransitions(tx: Tx, lotId: string, now = new Date()): Promise<{ changed: number }> {
  // Lock the lot row: two concurrent reschedulers of one lot would otherwise both insert.
  await tx.$queryRaw`SELECT id FROM "Lot" WHERE id = ${lotId}::uuid FOR UPDATE`;
  const lot = await tx.lot.findUniqueOrThrow({
    where: { id: lotId },
    select: { status: true, suspendedFrom: true, docsAvailableTo: true, bidDeadline: true },
  });
  const objections = await tx.objection.findMany({
    where: { lotId, answeredAt: null },
    select: { id: true, answerDueAt: true },
  });
  const existing: ExistingTransition[] = await tx.scheduledTransition.findMany({
    where: { lotId },
    select: { id: true, kind: true, refId: true, dueAt: true, rev: true, status: true },
  });
  const award = await loadAwardClocks(tx, lotId);
  const actions = diffSchedule(existing, planTransitions({ ...lot, award }, objections), lot.status === "SUSPENDED", now);

  for (const a of actions) {
    if (a.op === "cancel") {
      await tx.scheduledTransition.update({ where: { id: a.id }, data: { status: "CANCELLED" } });
      continue;
    }
    const { want } = a;
    const rev = a.op === "rearm" ? a.rev : 0;
    const row =
      a.op === "insert"
        ? await tx.scheduledTransition.create({
            data: { lotId, kind: want.kind, refId: want.refId, dueAt: want.dueAt, rev, jobId: "" },
            select: { id: true },
          })
        : { id: a.id };
    const payload = transitionJobPayload(row.id, want.dueAt, rev);
    await tx.scheduledTransition.update({
      where: { id: row.id },
      data: {
        dueAt: want.dueAt,
        rev,
        jobId: fireTransition.jobId(payload),
        status: "PENDING",
        firedAt: null,
        latenessMs: null,
        outcome: null,
      },
    });
    await enqueueJob(tx, fireTransition, payload, { runAt: want.dueAt });
  }
  return { changed: actions.length };
}

import { enqueueJob } from "~/jobs/enqueue-job";
import { drawResponseTimeout } from "~/jobs/definitions";
import type { Tx } from "~/lib/db.server";

/**
 * Asks one drawn expert to confirm: NOTIFIED with a deadline, an in-app notice (time and place only —
 * never the lot, the buyer or the bidders, so nobody can be approached), and the timeout job at the
 * deadline (deterministic id: a retried transaction never schedules it twice). The SMS/voice/email
 * adapters deliver ExpertNotice rows.
 */
export async function callMember(
  tx: Tx,
  draw: { evaluationAt: Date; evaluationPlace: string; responseMinutes: number },
  member: { id: string; expertId: string; specialtyCode: string },
  now: Date,
  replacesId?: string,
) {
  const respondBy = new Date(now.getTime() + draw.responseMinutes * 60_000);
  await tx.drawMember.update({
    where: { id: member.id },
    data: { status: "NOTIFIED", notifiedAt: now, respondBy, ...(replacesId ? { replacesId } : {}) },
  });
  await tx.expertNotice.create({
    data: {
      expertId: member.expertId,
      drawMemberId: member.id,
      kind: "DRAW_CALL",
      params: { evaluationAt: draw.evaluationAt.toISOString(), place: draw.evaluationPlace, respondBy: respondBy.toISOString(), specialty: member.specialtyCode },
    },
  });
  await enqueueJob(tx, drawResponseTimeout, { memberId: member.id, respondByMs: respondBy.getTime() }, { runAt: respondBy });
  return respondBy;
}

import { notify } from "~/domain/notify/notify";
import { enqueueJob } from "~/jobs/enqueue-job";
import { drawResponseTimeout } from "~/jobs/definitions";
import type { Tx } from "~/lib/db.server";

/**
 * Asks one drawn expert to confirm: NOTIFIED with a deadline, an in-app notice (time and place only —
 * never the lot, the buyer or the bidders, so nobody can be approached) through the shared notify()
 * (in-app for an expert with an account, SMS and email to the expert's own contacts), and the timeout job
 * at the deadline (deterministic id: a retried transaction never schedules it twice). ExpertNotice keeps
 * the call on the expert's record whatever the channels did.
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
  const expert = await tx.expert.findUniqueOrThrow({ where: { id: member.expertId }, select: { userId: true, phone: true, email: true } });
  await notify(tx, {
    recipients: expert.userId ? { userIds: [expert.userId] } : { contacts: [{ phone: expert.phone, email: expert.email }] },
    template: "experts:notify.drawCall",
    params: { evaluationAt: draw.evaluationAt, place: draw.evaluationPlace, respondBy, specialty: member.specialtyCode },
    channels: ["inapp", "sms", "email"],
    entity: { type: "DrawMember", id: member.id },
    link: "/expert",
    dedupeKey: `draw-call-${member.id}`,
  });
  await enqueueJob(tx, drawResponseTimeout, { memberId: member.id, respondByMs: respondBy.getTime() }, { runAt: respondBy });
  return respondBy;
}

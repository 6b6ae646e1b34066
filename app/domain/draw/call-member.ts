import { notify } from "~/domain/notify/notify";
import { enqueueJobs } from "~/jobs/enqueue-job";
import { drawResponseTimeout } from "./jobs";
import type { Tx } from "~/lib/db.server";

type DrawCallFacts = { evaluationAt: Date; evaluationPlace: string; responseMinutes: number };
export interface ExpertContact {
  userId: string | null;
  phone: string;
  email: string;
}
export interface CalledSeat {
  id: string;
  expertId: string;
  specialtyCode: string;
  contact: ExpertContact;
}

export const respondByOf = (draw: { responseMinutes: number }, now: Date) => new Date(now.getTime() + draw.responseMinutes * 60_000);

/**
 * Asks one drawn expert to confirm: NOTIFIED with a deadline, then announceCalls. Used for a backup
 * called into a vacated seat; a draw calls all its members at once (addDrawEntropy → announceCalls).
 */
export async function callMember(
  tx: Tx,
  draw: DrawCallFacts,
  member: { id: string; expertId: string; specialtyCode: string },
  now: Date,
  replacesId?: string,
) {
  const respondBy = respondByOf(draw, now);
  await tx.drawMember.update({
    where: { id: member.id },
    data: { status: "NOTIFIED", notifiedAt: now, respondBy, ...(replacesId ? { replacesId } : {}) },
  });
  const contact = await tx.expert.findUniqueOrThrow({ where: { id: member.expertId }, select: { userId: true, phone: true, email: true } });
  await announceCalls(tx, draw, [{ ...member, contact }], respondBy);
  return respondBy;
}

/** The ExpertNotice of a call, besides its expert and seat: time and place only. */
export const callNotice = (draw: DrawCallFacts, seat: { specialtyCode: string }, respondBy: Date) => ({
  kind: "DRAW_CALL",
  params: { evaluationAt: draw.evaluationAt.toISOString(), place: draw.evaluationPlace, respondBy: respondBy.toISOString(), specialty: seat.specialtyCode },
});

/**
 * The call itself, for seats already NOTIFIED with `respondBy`: an in-app notice (time and place only —
 * never the lot, the buyer or the bidders, so nobody can be approached) through the shared notify()
 * (in-app for an expert with an account, SMS and email to the expert's own contacts), and the timeout job
 * at the deadline (deterministic id: a retried transaction never schedules it twice). ExpertNotice keeps
 * the call on the expert's record whatever the channels did. Notices and jobs go in one INSERT each.
 */
export async function announceCalls(tx: Tx, draw: DrawCallFacts, seats: readonly CalledSeat[], respondBy: Date, opts: { noticesWritten?: boolean } = {}) {
  if (seats.length === 0) return;
  // A draw writes the notices in its members' INSERT (addDrawEntropy: one round trip fewer).
  if (!opts.noticesWritten) await tx.expertNotice.createMany({ data: seats.map((m) => ({ expertId: m.expertId, drawMemberId: m.id, ...callNotice(draw, m, respondBy) })) });
  for (const m of seats) {
    await notify(tx, {
      recipients: m.contact.userId ? { userIds: [m.contact.userId] } : { contacts: [{ phone: m.contact.phone, email: m.contact.email }] },
      template: "experts:notify.drawCall",
      params: { evaluationAt: draw.evaluationAt, place: draw.evaluationPlace, respondBy, specialty: m.specialtyCode },
      channels: ["inapp", "sms", "email"],
      entity: { type: "DrawMember", id: m.id },
      link: "/expert",
      dedupeKey: `draw-call-${m.id}`,
    });
  }
  await enqueueJobs(tx, drawResponseTimeout, seats.map((m) => ({ memberId: m.id, respondByMs: respondBy.getTime() })), { runAt: respondBy });
}

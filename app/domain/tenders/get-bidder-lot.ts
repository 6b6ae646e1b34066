import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { getPublicTender } from "./get-public-tender";
import { inGroup, phaseOf } from "./lot-phases";

/**
 * (tender workflow UI) A published lot as one bidder sees it: the public tender (terms, timeline,
 * documents, announcements), plus what is its own — its registration, its downloads, its questions with
 * their answers, its objections — and what it may do right now on the server clock.
 * Other bidders' questions appear only as published clarifications (anonymous, in the announcements).
 */
export async function getBidderLot(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.register");
  const pub = await getPublicTender(input.lotId, now);
  const db = getDb();
  const orgId = actor.orgId ?? "00000000-0000-0000-0000-000000000000";
  const registration = await db.lotRegistration.findUnique({
    where: { lotId_bidderOrgId: { lotId: pub.lot.id, bidderOrgId: orgId } },
    include: { downloads: { orderBy: { at: "desc" }, select: { tenderDocumentId: true, at: true } } },
  });
  const [questions, objections] = registration
    ? await Promise.all([
        db.question.findMany({
          where: { lotId: pub.lot.id, askedByOrgId: orgId },
          orderBy: { askedAt: "asc" },
          select: { id: true, text: true, askedAt: true, answer: true, answeredAt: true },
        }),
        db.objection.findMany({
          where: { lotId: pub.lot.id, orgId },
          orderBy: { raisedAt: "asc" },
          select: { id: true, text: true, raisedAt: true, answerDueAt: true, answer: true, answeredAt: true },
        }),
      ])
    : [[], []];
  // Open for bids, or suspended from it (an objection pending): bidders may still ask and object.
  const live = inGroup(phaseOf(pub.lot), "openForBids");
  // 满意度评价 opens when the procedure is over (the phase table's "ended" group), for registered bidders.
  const ended = inGroup(pub.lot.status, "ended");
  const rating = registration && ended ? await db.satisfactionRating.findUnique({ where: { lotId_orgId: { lotId: pub.lot.id, orgId } }, select: { score: true } }) : null;
  return {
    ...pub,
    registration: registration
      ? { registeredAt: registration.registeredAt, downloads: registration.downloads }
      : null,
    questions,
    objections,
    can: {
      register: !registration && pub.docsOpen,
      download: !!registration && pub.docsOpen,
      ask: !!registration && live && now < pub.lot.clarificationCutoff,
      object: !!registration && live && now < pub.lot.objectionCutoff,
      rate: !!registration && ended && !rating,
    },
    rating: rating ? { score: rating.score } : null,
  };
}

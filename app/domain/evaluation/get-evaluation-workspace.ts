import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { REJECTION_GROUNDS } from "~/domain/rules/rejection-grounds";
import { getDb, type Db } from "~/lib/db.server";
import { computeResults, type ResultsJson } from "./compute-results";
import { criteriaOfSession, paramsOfSession, requirementsOfSession } from "./evaluation-access";
import type { Scores } from "./score-sheet";

/**
 * The member's workspace: the committee (it sees itself), the bids with their read-out prices and 清标
 * flags, clarifications and their answers, open 否决 proposals, the member's own checks and sheet, and the
 * computed price scores (a formula over the prices, not anyone's sheet). Other members' sheets never
 * appear; the results appear once every sheet is in. Not a member → 404 (nothing to learn).
 */
export async function getEvaluationWorkspace(actor: Actor, input: { lotId: string }, db: Db = getDb()) {
  if (!actor.userId) throw new DomainError("common:errors.forbidden", {}, 403);
  const session = await db.evaluationSession.findUnique({ where: { lotId: input.lotId } });
  const member = session ? await db.evaluationMember.findFirst({ where: { sessionId: session.id, userId: actor.userId }, orderBy: { seat: "asc" } }) : null;
  if (!session || !member) throw new DomainError("evaluation:errors.notFound", {}, 404);
  if (!member.signedInAt) throw new DomainError("evaluation:errors.signInFirst", {}, 403);
  const lot = await db.lot.findUniqueOrThrow({ where: { id: session.lotId }, select: { title: true, ceilingPriceFen: true, project: { select: { code: true, title: true } } } });
  const removed = member.status === "REMOVED";
  const declared = member.conflict === false && !removed;
  const [members, bids, clarifications, proposals, checks, sheet] = await Promise.all([
    db.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, orderBy: { seat: "asc" } }),
    db.evaluationBid.findMany({ where: { sessionId: session.id }, orderBy: { ordinal: "asc" } }),
    declared ? db.evaluationClarification.findMany({ where: { sessionId: session.id }, orderBy: { askedAt: "asc" } }) : [],
    declared ? db.rejectionProposal.findMany({ where: { sessionId: session.id }, include: { votes: true }, orderBy: { proposedAt: "asc" } }) : [],
    declared ? db.preliminaryCheck.findMany({ where: { memberId: member.id } }) : [],
    declared ? db.scoreSheet.findUnique({ where: { memberId: member.id } }) : null,
  ]);
  const criteria = criteriaOfSession(session);
  const valid = bids.filter((b) => b.status === "VALID");
  // Price scores: the same computation as the results, over no sheets (the formula needs prices only).
  const preview = computeResults({
    method: session.method,
    profile: session.profile,
    criteria,
    bids: bids.map((b) => ({ id: b.id, ordinal: b.ordinal, priceFen: b.priceFen, valid: b.status === "VALID" })),
    sheets: [],
    params: paramsOfSession(session),
  });
  const priceScore = Object.fromEntries(preview.ranking.map((r) => [r.bidId, r.priceScoreX100]));
  const seatOf = new Map(members.map((m) => [m.id, m.seat]));
  const allIn = session.stage === "SIGNING" || session.stage === "DONE";
  const sheetHashes = allIn
    ? (await db.scoreSheet.findMany({ where: { sessionId: session.id, status: "SUBMITTED" }, select: { memberId: true, sha256: true } }))
        .filter((s) => seatOf.has(s.memberId))
        .map((s) => ({ seat: seatOf.get(s.memberId)!, sha256: s.sha256! }))
        .sort((a, b) => a.seat - b.seat)
    : [];
  return {
    lotId: session.lotId,
    lotLabel: `${lot.project.code} ${lot.project.title}（${lot.title}）`,
    ceilingPriceFen: lot.ceilingPriceFen.toString(),
    profile: session.profile,
    method: session.method,
    stage: session.stage,
    dueAt: session.dueAt,
    extensions: session.extensions,
    reportSha256: session.reportSha256,
    reportReady: !!session.reportDocumentId,
    criteria,
    requirements: requirementsOfSession(session),
    grounds: REJECTION_GROUNDS.filter((g) => (session.profile === "CONSTRUCTION" ? g.id.startsWith("art51") : true)).map((g) => ({ id: g.id, label: g.label, article: g.article.zh })),
    me: {
      id: member.id,
      seat: member.seat,
      removed,
      conflict: member.conflict,
      declared,
      isChair: session.chairMemberId === member.id,
      chairVoteId: member.chairVoteId,
      moreTimeAsked: !!member.moreTimeAt,
      signature: member.signature,
      dissent: member.dissent,
    },
    chairSeat: members.find((m) => m.id === session.chairMemberId)?.seat ?? null,
    // A member removed (a declared conflict: a tie to a bidder) no longer sees who sits, least of all the
    // backup drawn in their place: the experts stay secret until the result.
    committee: (removed ? [] : members).map((m) => ({ id: m.id, seat: m.seat, name: m.name, kind: m.kind, signedIn: !!m.signedInAt, declared: m.conflict === false, isChair: m.id === session.chairMemberId, signature: m.signature })),
    bids: (declared ? bids : []).map((b) => ({
      id: b.id,
      ordinal: b.ordinal,
      bidderName: b.bidderName,
      priceFen: b.priceFen.toString(),
      flags: b.flags,
      status: b.status,
      rejectGround: b.rejectGround,
      rejectReason: b.rejectReason,
      priceScoreX100: priceScore[b.id] ?? null,
    })),
    validBidIds: valid.map((b) => b.id),
    /** The now-known bidder list the 回避声明 is made against (names only). */
    declarationBidders: removed ? [] : bids.map((b) => b.bidderName),
    clarifications: clarifications.map((c) => ({ id: c.id, evaluationBidId: c.evaluationBidId, kind: c.kind, question: c.question, dueAt: c.dueAt, answer: c.answer, answeredAt: c.answeredAt })),
    proposals: proposals.map((p) => ({
      id: p.id,
      evaluationBidId: p.evaluationBidId,
      ground: p.ground,
      reason: p.reason,
      bySystem: !seatOf.has(p.proposedById) && p.proposedById === "00000000-0000-0000-0000-000000000000",
      proposerSeat: seatOf.get(p.proposedById) ?? null,
      adopted: p.adopted,
      yes: p.votes.filter((v) => v.agree).length,
      no: p.votes.filter((v) => !v.agree).length,
      myVote: p.votes.find((v) => v.memberId === member.id)?.agree ?? null,
    })),
    checks: checks.map((c) => ({ evaluationBidId: c.evaluationBidId, requirementKey: c.requirementKey, pass: c.pass, reason: c.reason })),
    sheet: sheet ? { status: sheet.status, scores: sheet.scores as Scores, version: sheet.version, sha256: sheet.sha256 } : { status: "DRAFT" as const, scores: {} as Scores, version: 0, sha256: null },
    results: allIn ? (session.results as unknown as ResultsJson) : null,
    sheetHashes,
  };
}
export type EvaluationWorkspace = Awaited<ReturnType<typeof getEvaluationWorkspace>>;

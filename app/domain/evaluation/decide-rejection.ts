import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { findGround } from "~/domain/rules/rejection-grounds";
import type { EvaluationSession } from "~/generated/prisma/client";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { assertStage, lockEvaluation, memberOf } from "./evaluation-access";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const proposeSchema = z.object({ lotId: z.uuid(), evaluationBidId: z.uuid(), ground: z.string().max(60), reason: z.string().trim().min(4).max(2000) });
export const voteSchema = z.object({ lotId: z.uuid(), proposalId: z.uuid(), agree: z.boolean(), note: z.string().trim().max(1000).default("") });

/**
 * 否决投标 (实施条例第五十一条 / 87号令第六十三条): a member proposes it with one ground of the list and a written
 * reason citing the clause; the proposer's vote is "agree". The seated members vote; a majority of them
 * decides (adopted: the bid is rejected and not scored; dismissed otherwise); every vote and any dissent
 * is recorded. One open proposal per bid.
 */
export async function proposeRejection(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(proposeSchema, raw);
  const ground = findGround(input.ground);
  if (!ground) throw new DomainError("evaluation:errors.groundRequired", {}, 422, "ground");
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session, declared: true });
    assertStage(session, "REVIEW");
    const bid = await tx.evaluationBid.findFirst({ where: { id: input.evaluationBidId, sessionId: session.id } });
    if (!bid) throw new DomainError("evaluation:errors.unknownBid", {}, 422, "evaluationBidId");
    if (bid.status === "REJECTED") throw new DomainError("evaluation:errors.alreadyRejected", {}, 409);
    if (await tx.rejectionProposal.count({ where: { evaluationBidId: bid.id, adopted: null } })) throw new DomainError("evaluation:errors.proposalOpen", {}, 409);
    const p = await tx.rejectionProposal.create({
      data: { sessionId: session.id, evaluationBidId: bid.id, ground: ground.id, reason: `${input.reason}（${ground.article.zh}）`, proposedById: member.id, proposedAt: new Date() },
    });
    await appendAudit(tx, actor, { action: "evaluation.rejection_proposed", entityType: "EvaluationBid", entityId: bid.id, detail: { lotId: input.lotId, seat: member.seat, ground: ground.id, proposalId: p.id } });
    const decided = await castVote(tx, actor, session, p.id, member, true, "");
    return { proposalId: p.id, ...decided };
  }, TX);
}

export async function voteRejection(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(voteSchema, raw);
  if (!input.agree && input.note.length < 2) throw new DomainError("evaluation:errors.dissentReasonRequired", {}, 422, "note");
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session, declared: true });
    assertStage(session, "REVIEW");
    const p = await tx.rejectionProposal.findFirst({ where: { id: input.proposalId, sessionId: session.id } });
    if (!p) throw new DomainError("evaluation:errors.unknownProposal", {}, 404);
    if (p.adopted !== null) throw new DomainError("evaluation:errors.proposalDecided", {}, 409);
    return castVote(tx, actor, session, p.id, member, input.agree, input.note);
  }, TX);
}

async function castVote(tx: Tx, actor: Actor, session: EvaluationSession, proposalId: string, member: { id: string; seat: number }, agree: boolean, note: string) {
  const now = new Date();
  const existing = await tx.rejectionVote.findUnique({ where: { proposalId_memberId: { proposalId, memberId: member.id } } });
  if (existing) throw new DomainError("evaluation:errors.alreadyVoted", {}, 409);
  await tx.rejectionVote.create({ data: { proposalId, memberId: member.id, agree, note, at: now } });
  await appendAudit(tx, actor, { action: "evaluation.rejection_vote", entityType: "RejectionProposal", entityId: proposalId, detail: { lotId: session.lotId, seat: member.seat, agree } });
  const seated = await tx.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, select: { id: true } });
  const votes = await tx.rejectionVote.findMany({ where: { proposalId, memberId: { in: seated.map((m) => m.id) } } });
  const yes = votes.filter((v) => v.agree).length;
  const no = votes.length - yes;
  const adopted = yes * 2 > seated.length ? true : no * 2 >= seated.length ? false : null;
  if (adopted === null) return { decided: false as const, yes, no };
  const p = await tx.rejectionProposal.update({ where: { id: proposalId }, data: { adopted, decidedAt: now } });
  if (adopted) {
    await tx.evaluationBid.update({ where: { id: p.evaluationBidId }, data: { status: "REJECTED", rejectGround: p.ground, rejectReason: p.reason, rejectedAt: now } });
  }
  await appendAudit(tx, actor, {
    action: adopted ? "evaluation.bid_rejected" : "evaluation.rejection_dismissed",
    entityType: "EvaluationBid",
    entityId: p.evaluationBidId,
    after: { status: adopted ? "REJECTED" : "VALID" },
    detail: { lotId: session.lotId, ground: p.ground, yes, no, of: seated.length },
  });
  return { decided: true as const, adopted, yes, no };
}

import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { assertStage, criteriaOfSession, lockEvaluation, memberOf } from "./evaluation-access";
import { finishScoringIfComplete } from "./finish-scoring";
import { mergeCells, sealSheet, validateCells, type Scores } from "./score-sheet";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const submitSchema = z.object({ lotId: z.uuid() });
export const reviseSchema = z.object({
  lotId: z.uuid(),
  scores: z.record(z.uuid(), z.record(z.string().max(40), z.string().max(20))),
  reason: z.string().trim().min(4).max(1000),
});

/**
 * A member submits their sheet: complete (every valid bid × typed criterion), then sealed — its SHA-256
 * goes into the audit log now and into the report later. The last submission computes the results.
 */
export async function submitScoreSheet(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(submitSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, lotId);
    const { member } = await memberOf(tx, actor, lotId, { session, declared: true });
    assertStage(session, "SCORING");
    const sheet = await tx.scoreSheet.findUnique({ where: { memberId: member.id } });
    if (sheet?.status === "SUBMITTED") throw new DomainError("evaluation:errors.sheetSubmitted", {}, 409);
    const valid = (await tx.evaluationBid.findMany({ where: { sessionId: session.id, status: "VALID" }, orderBy: { ordinal: "asc" }, select: { id: true } })).map((b) => b.id);
    const sealed = sealSheet(session.id, member, (sheet?.scores ?? {}) as Scores, valid, criteriaOfSession(session));
    if (sealed.missing.length) throw new DomainError("evaluation:errors.sheetIncomplete", { missing: sealed.missing.length }, 422, sealed.missing[0]);
    const now = new Date();
    const row = await tx.scoreSheet.upsert({
      where: { memberId: member.id },
      create: { sessionId: session.id, memberId: member.id, status: "SUBMITTED", scores: sealed.content, updatedAt: now, submittedAt: now, sha256: sealed.sha256, version: 1 },
      update: { status: "SUBMITTED", scores: sealed.content, submittedAt: now, sha256: sealed.sha256, version: { increment: 1 } },
    });
    await appendAudit(tx, actor, { action: "evaluation.sheet_submitted", entityType: "ScoreSheet", entityId: row.id, after: sealed.content, detail: { lotId, seat: member.seat, sha256: sealed.sha256 } });
    const complete = await finishScoringIfComplete(tx, session.id);
    return { sha256: sealed.sha256, complete };
  }, TX);
}

/**
 * 复核: a change to a submitted sheet, with a written reason, before anyone has signed the report; the new
 * hash is logged beside the old one, and the results and report are computed again.
 */
export async function reviseScoreSheet(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(reviseSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session, declared: true });
    assertStage(session, "SCORING", "SIGNING");
    if (await tx.evaluationMember.count({ where: { sessionId: session.id, signature: { not: null } } })) throw new DomainError("evaluation:errors.signingStarted", {}, 409);
    const sheet = await tx.scoreSheet.findUnique({ where: { memberId: member.id } });
    if (!sheet || sheet.status !== "SUBMITTED") throw new DomainError("evaluation:errors.sheetNotSubmitted", {}, 409);
    const criteria = await validateCells(tx, session, input.scores as Scores);
    const valid = (await tx.evaluationBid.findMany({ where: { sessionId: session.id, status: "VALID" }, select: { id: true } })).map((b) => b.id);
    const sealed = sealSheet(session.id, member, mergeCells(sheet.scores as Scores, input.scores as Scores), valid, criteria);
    if (sealed.missing.length) throw new DomainError("evaluation:errors.sheetIncomplete", { missing: sealed.missing.length }, 422, sealed.missing[0]);
    const now = new Date();
    await tx.scoreSheet.update({ where: { id: sheet.id }, data: { scores: sealed.content, sha256: sealed.sha256, version: { increment: 1 }, updatedAt: now } });
    await tx.scoreRevision.create({ data: { sheetId: sheet.id, reason: input.reason, beforeSha256: sheet.sha256!, afterSha256: sealed.sha256, at: now } });
    await appendAudit(tx, actor, {
      action: "evaluation.sheet_revised",
      entityType: "ScoreSheet",
      entityId: sheet.id,
      before: sheet.scores,
      after: sealed.content,
      detail: { lotId: input.lotId, seat: member.seat, reason: input.reason.slice(0, 300), before: sheet.sha256, after: sealed.sha256 },
    });
    await finishScoringIfComplete(tx, session.id);
    return { sha256: sealed.sha256 };
  }, TX);
}

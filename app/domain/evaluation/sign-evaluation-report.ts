import { z } from "zod";
import { systemActor, type Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { notify } from "~/domain/notify/notify";
import type { EvaluationSession } from "~/generated/prisma/client";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import type { ResultsJson } from "./compute-results";
import { assertStage, lockEvaluation, memberOf } from "./evaluation-access";
import type { EvaluationOutcome } from "./evaluation-outcome";
import { moveStage } from "./advance-stage";
import { CODE_MINUTES, codeRefused, consumeCode, issueCode } from "./one-time-code";
import { saveEvaluationOutcome } from "./save-evaluation-outcome";

/** Loaded machines and large lots: the committee waits rather than fails. */
const TX = { timeout: 60_000, maxWait: 15_000 };

export const requestSigningCodeSchema = z.object({ lotId: z.uuid() });
export const signSchema = z.object({
  lotId: z.uuid(),
  reportSha256: z.string().regex(/^[0-9a-f]{64}$/),
  code: z.string().trim().regex(/^\d{6}$/),
  /** Written dissent (实施条例第五十三条): signing with a different opinion and its reasons. */
  dissent: z.string().trim().max(5000).optional(),
});

/** A fresh one-time code to sign the report as it stands now (bound to its hash), by SMS and email. */
export async function requestSigningCode(actor: Actor, raw: unknown, db: Db = getDb()) {
  const { lotId } = parseInput(requestSigningCodeSchema, raw);
  return db.$transaction(async (tx) => {
    const { session, member } = await memberOf(tx, actor, lotId, { declared: true });
    assertStage(session, "SIGNING");
    if (!session.reportSha256) throw new DomainError("evaluation:errors.reportNotReady", {}, 409);
    if (member.signature) throw new DomainError("evaluation:errors.alreadySigned", {}, 409);
    const c = await issueCode(tx, member.id, "SIGN_REPORT", session.reportSha256);
    const contact = await contactOf(tx, member);
    await notify(tx, {
      recipients: { contacts: [contact] },
      template: "evaluation:notify.signingCode",
      params: { code: c.code, minutes: CODE_MINUTES, hash: session.reportSha256.slice(0, 8) },
      channels: ["sms", "email"],
      entity: { type: "EvaluationMember", id: member.id },
      dedupeKey: `evaluation-code-${c.id}`,
    });
    await appendAudit(tx, actor, { action: "evaluation.code_sent", entityType: "EvaluationMember", entityId: member.id, detail: { purpose: "SIGN_REPORT", lotId, reportSha256: session.reportSha256 } });
    return { sent: true, expiresAt: c.expiresAt };
  }, TX);
}

async function contactOf(tx: Tx, m: { expertId: string | null; userId: string | null }) {
  const e = m.expertId ? await tx.expert.findUnique({ where: { id: m.expertId }, select: { phone: true, email: true } }) : null;
  const u = m.userId ? await tx.user.findUnique({ where: { id: m.userId }, select: { phone: true, email: true } }) : null;
  return { phone: e?.phone || u?.phone || undefined, email: e?.email || u?.email || undefined };
}

/**
 * A member signs the report — an audited confirmation with a fresh code bound to the report's SHA-256 —
 * or signs with a written dissent. The last signature freezes the outcome (saveEvaluationOutcome, in this
 * transaction) and the lot moves to EVALUATED.
 */
export async function signEvaluationReport(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(signSchema, raw);
  return db.$transaction(async (tx) => {
    const session = await lockEvaluation(tx, input.lotId);
    const { member } = await memberOf(tx, actor, input.lotId, { session, declared: true });
    assertStage(session, "SIGNING");
    if (!session.reportSha256) throw new DomainError("evaluation:errors.reportNotReady", {}, 409);
    if (input.reportSha256 !== session.reportSha256) throw new DomainError("evaluation:errors.reportChanged", {}, 409);
    if (member.signature) throw new DomainError("evaluation:errors.alreadySigned", {}, 409);
    if (!(await consumeCode(tx, member.id, "SIGN_REPORT", input.code, session.reportSha256))) throw codeRefused();
    const now = new Date();
    const kind = input.dissent && input.dissent.length > 0 ? ("DISSENTED" as const) : ("SIGNED" as const);
    if (kind === "DISSENTED" && input.dissent!.length < 4) throw new DomainError("evaluation:errors.dissentReasonRequired", {}, 422, "dissent");
    await tx.evaluationMember.update({ where: { id: member.id }, data: { signature: kind, signedAt: now, dissent: kind === "DISSENTED" ? input.dissent : null, signedReportSha256: session.reportSha256 } });
    await appendAudit(tx, actor, {
      action: kind === "SIGNED" ? "evaluation.report_signed" : "evaluation.report_dissented",
      entityType: "EvaluationSession",
      entityId: session.id,
      detail: { lotId: input.lotId, seat: member.seat, reportSha256: session.reportSha256 },
    });
    const unsigned = await tx.evaluationMember.count({ where: { sessionId: session.id, status: "SEATED", signature: null } });
    if (unsigned > 0) return { signed: kind, complete: false };
    const outcome = await buildOutcome(tx, session, now);
    const saved = await saveEvaluationOutcome(tx, systemActor("evaluation"), outcome);
    await tx.evaluationSession.update({ where: { id: session.id }, data: { completedAt: now } });
    await moveStage(tx, session.id, "SIGNING", "DONE", { outcomeSha256: saved.outcomeSha256 });
    return { signed: kind, complete: true, outcomeSha256: saved.outcomeSha256 };
  }, TX);
}

async function buildOutcome(tx: Tx, session: EvaluationSession, completedAt: Date): Promise<EvaluationOutcome> {
  const results = session.results as unknown as ResultsJson;
  const [bids, members] = await Promise.all([
    tx.evaluationBid.findMany({ where: { sessionId: session.id } }),
    tx.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" }, orderBy: { seat: "asc" } }),
  ]);
  const byId = new Map(bids.map((b) => [b.id, b]));
  const bidRows = await tx.bid.findMany({ where: { id: { in: bids.map((b) => b.bidId) } }, select: { id: true } });
  if (bidRows.length !== bids.length) throw new Error("evaluation: a bid row is missing");
  return {
    lotId: session.lotId,
    method: session.method,
    ranking: results.ranking.map((r) => {
      const b = byId.get(r.bidId)!;
      return {
        bidId: b.bidId,
        bidderOrgId: b.bidderOrgId,
        bidderName: b.bidderName,
        rank: r.rank,
        bidPriceFen: b.priceFen.toString(),
        totalScore: r.total,
        evaluatedPriceFen: r.evaluatedPriceFen,
      };
    }),
    rejected: bids
      .filter((b) => b.status === "REJECTED")
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((b) => ({ bidId: b.bidId, bidderOrgId: b.bidderOrgId, bidderName: b.bidderName, ground: b.rejectGround ?? "", reason: b.rejectReason ?? "" })),
    committee: members.map((m) => ({
      name: m.name,
      kind: m.kind,
      isChair: session.chairMemberId === m.id,
      signature: m.signature ?? "DEEMED_AGREED",
      dissent: m.dissent,
    })),
    reportDocumentId: session.reportDocumentId,
    reportSha256: session.reportSha256!,
    tieBreakRule: results.tieBreakRule,
    completedAt: completedAt.toISOString(),
  };
}

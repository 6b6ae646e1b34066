import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { raiseAlert } from "~/domain/supervision/raise-alert";
import { scoringDeviation } from "~/domain/supervision/alert-rules/scoring-deviation";
import { scoringDeviationFacts } from "~/domain/supervision/scoring-deviation-facts";
import { enqueueJob } from "~/jobs/enqueue-job";
import type { EvaluationSession, Prisma } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";
import { moveStage } from "./advance-stage";
import { computeResults, resultsToJson, type Results } from "./compute-results";
import { criteriaOfSession, paramsOfSession } from "./evaluation-access";
import { renderEvaluationReport } from "./jobs";
import type { Scores } from "./score-sheet";

const SYSTEM = systemActor("evaluation");

/** The computation over the session's current rows (valid bids, submitted sheets of seated members). */
export async function computeSessionResults(tx: Tx, session: EvaluationSession): Promise<Results> {
  const [bids, members, sheets] = await Promise.all([
    tx.evaluationBid.findMany({ where: { sessionId: session.id } }),
    tx.evaluationMember.findMany({ where: { sessionId: session.id, status: "SEATED" } }),
    tx.scoreSheet.findMany({ where: { sessionId: session.id, status: "SUBMITTED" } }),
  ]);
  const seat = new Map(members.map((m) => [m.id, m.seat]));
  return computeResults({
    method: session.method,
    profile: session.profile,
    criteria: criteriaOfSession(session),
    bids: bids.map((b) => ({ id: b.id, ordinal: b.ordinal, priceFen: b.priceFen, valid: b.status === "VALID" })),
    sheets: sheets.filter((s) => seat.has(s.memberId)).map((s) => ({ memberId: s.memberId, seat: seat.get(s.memberId)!, scores: s.scores as Scores })),
    params: paramsOfSession(session),
  });
}

/**
 * When every seated member has submitted: the system computes totals, means and ranking, stores them,
 * raises the scoring-deviation alerts at once (the same rule the minute-by-minute evaluator runs), moves
 * to SIGNING and asks the worker for the report. Re-run after a 复核 during SIGNING (new results, new report).
 */
export async function finishScoringIfComplete(tx: Tx, sessionId: string): Promise<boolean> {
  const session = await tx.evaluationSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (session.stage !== "SCORING" && session.stage !== "SIGNING") return false;
  const seated = await tx.evaluationMember.findMany({ where: { sessionId, status: "SEATED" }, select: { id: true } });
  const submitted = await tx.scoreSheet.count({ where: { sessionId, status: "SUBMITTED", memberId: { in: seated.map((m) => m.id) } } });
  if (submitted < seated.length) return false;
  const results = await computeSessionResults(tx, session);
  const json = resultsToJson(results);
  const resultsSha256 = sha256Hex(canonicalJson(json));
  await tx.evaluationSession.update({ where: { id: sessionId }, data: { results: json as unknown as Prisma.InputJsonValue, reportDocumentId: null, reportSha256: null } });
  await tx.evaluationMember.updateMany({ where: { sessionId }, data: { signature: null, signedAt: null, dissent: null, signedReportSha256: null } });
  if (session.stage === "SCORING") await moveStage(tx, sessionId, "SCORING", "SIGNING", { resultsSha256 });
  await appendAudit(tx, SYSTEM, {
    action: "evaluation.results_computed",
    entityType: "EvaluationSession",
    entityId: sessionId,
    after: json,
    detail: { lotId: session.lotId, resultsSha256, ranked: results.ranking.length, deviations: results.deviations.length },
  });
  const facts = { scoringDeviations: scoringDeviationFacts(session.lotId, session.id, results.deviations) } as Parameters<typeof scoringDeviation.evaluate>[0];
  for (const a of scoringDeviation.evaluate(facts)) await raiseAlert(tx, a);
  await enqueueJob(tx, renderEvaluationReport, { sessionId, resultsSha256 });
  return true;
}

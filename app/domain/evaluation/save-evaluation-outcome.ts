import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { appendAudit } from "~/domain/audit/append-audit";
import type { Actor } from "~/domain/actor";
import { transitionLot } from "~/domain/tenders/lot-lifecycle";
import type { Tx } from "~/lib/db.server";
import { EvaluationOutcomeSchema, type EvaluationOutcome } from "./evaluation-outcome";

/**
 * Freezes the outcome and moves the lot EVALUATION → EVALUATED, in the caller's transaction (the one that
 * records the last signature). Written once: the table's trigger refuses updates; a second call for the same
 * lot changes nothing and returns applied: false.
 */
export async function saveEvaluationOutcome(tx: Tx, actor: Actor, input: EvaluationOutcome): Promise<{ applied: boolean; outcomeSha256: string }> {
  const outcome = EvaluationOutcomeSchema.parse(input);
  const outcomeSha256 = sha256Hex(canonicalJson(outcome));
  const existing = await tx.evaluationOutcome.findUnique({ where: { lotId: outcome.lotId }, select: { outcomeSha256: true } });
  if (existing) return { applied: false, outcomeSha256: existing.outcomeSha256 };
  await tx.evaluationOutcome.create({
    data: { lotId: outcome.lotId, outcome, outcomeSha256, completedAt: new Date(outcome.completedAt) },
  });
  await transitionLot(tx, actor, outcome.lotId, "complete_evaluation", { expectedStatus: "EVALUATION" });
  await appendAudit(tx, actor, {
    action: "evaluation.outcome_frozen",
    entityType: "Lot",
    entityId: outcome.lotId,
    detail: { outcomeSha256, reportSha256: outcome.reportSha256, ranked: outcome.ranking.length, rejected: outcome.rejected.length },
  });
  return { applied: true, outcomeSha256 };
}

import type { Db, Tx } from "~/lib/db.server";
import { EvaluationOutcomeSchema, type EvaluationOutcome } from "./evaluation-outcome";

/** The lot's frozen evaluation outcome, or null while the evaluation has not been signed off. */
export async function getEvaluationOutcome(db: Db | Tx, lotId: string): Promise<EvaluationOutcome | null> {
  const row = await db.evaluationOutcome.findUnique({ where: { lotId } });
  return row ? EvaluationOutcomeSchema.parse(row.outcome) : null;
}

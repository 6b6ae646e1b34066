import type { Actor } from "~/domain/actor";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import type { EvaluationOutcome } from "~/domain/evaluation/evaluation-outcome";
import { DomainError } from "~/domain/errors";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { findEntry } from "~/domain/rules/profiles";
import type { ProfileId, RuleFacts } from "~/domain/rules/types";
import { RuleViolationsError } from "~/domain/rules/violation-error";
import { loadLotForUpdate, type LoadedLot } from "~/domain/tenders/load-lot";
import { loadTenderRules, type TenderRules } from "~/domain/tenders/tender-rules";
import type { Tx } from "~/lib/db.server";

/**
 * What every award step starts from, inside its transaction: the lot (row-locked, staff scope checked),
 * its profile, the centre's rule parameters and calendar, and the frozen evaluation outcome — read only
 * through getEvaluationOutcome (the contract with the evaluation area).
 */
export interface AwardContext {
  lot: LoadedLot;
  profile: ProfileId;
  rules: TenderRules;
  outcome: EvaluationOutcome;
}

export async function loadAwardContext(tx: Tx, actor: Actor, lotId: string): Promise<AwardContext> {
  const lot = await loadLotForUpdate(tx, lotId, actor);
  const outcome = await getEvaluationOutcome(tx, lot.id);
  if (!outcome) throw new DomainError("award:errors.notEvaluated", {}, 409);
  return { lot, profile: lot.project.procurementType, rules: await loadTenderRules(tx), outcome };
}

/** Refuses with the rule's localized message (422) when the rule is broken by these facts. */
export function assertRule(ctx: { profile: ProfileId; rules: TenderRules }, ruleId: string, facts: RuleFacts, now: Date): void {
  if (!findEntry(ctx.profile, ruleId)) return;
  const v = checkRule(ctx.profile, ruleId, facts, ctx.rules.params, ctx.rules.calendar, now);
  if (v) throw new RuleViolationsError([v]);
}

/** The lot's label used in notices: 项目名称（标段名称）. */
export const lotLabel = (lot: LoadedLot) => `${lot.project.title}（${lot.title}）`;

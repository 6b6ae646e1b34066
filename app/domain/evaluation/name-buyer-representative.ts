import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseInput } from "~/domain/bids/parse-input";
import { DomainError } from "~/domain/errors";
import { checkRule } from "~/domain/rules/check-tender-schedule";
import { RuleViolationsError } from "~/domain/rules/violation-error";
import { loadLotForUpdate } from "~/domain/tenders/load-lot";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { getDb, type Db } from "~/lib/db.server";
import { assertBuyerStaff, assertCommitteeForming, expertSeatsOf } from "./buyer-representative-scope";

export const nameRepresentativeSchema = z.object({ lotId: z.uuid(), userId: z.uuid() });

/**
 * The buyer's staff name one of their own organisation's staff accounts as the buyer's representative on
 * the lot's evaluation committee (招标投标法 art. 37; 87号令 art. 47), from the expert draw until the evaluation
 * starts. Refused, changing nothing: not the buyer's staff (403), outside the window (409), before the draw
 * (409), a person who is not an active staff account of the buyer (422), the same person twice (409), one
 * more than the rule buyerRepresentatives allows beside the drawn experts (422, the rule's message).
 * startEvaluation seats them (kind BUYER_REPRESENTATIVE); they sign in to the seat with a one-time code.
 */
export async function nameBuyerRepresentative(actor: Actor, raw: unknown, db: Db = getDb()) {
  const input = parseInput(nameRepresentativeSchema, raw);
  return db.$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    assertBuyerStaff(actor, lot.project);
    await assertCommitteeForming(tx, lot);
    const seats = await expertSeatsOf(tx, lot.id);
    if (!seats) throw new DomainError("evaluation:errors.repsDrawFirst", {}, 409);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, orgId: true, role: true, status: true, displayName: true } });
    if (!user || user.orgId !== lot.project.buyerOrgId || user.role !== "STAFF" || user.status !== "ACTIVE") {
      throw new DomainError("evaluation:errors.repNotOwnStaff", {}, 422, "userId");
    }
    const named = await tx.buyerRepresentative.findMany({ where: { lotId: lot.id }, select: { userId: true } });
    if (named.some((r) => r.userId === user.id)) throw new DomainError("evaluation:errors.repAlreadyNamed", { name: user.displayName }, 409, "userId");
    const now = new Date();
    const rules = await loadTenderRules(tx);
    const v = checkRule(lot.project.procurementType, "buyerRepresentatives", { representatives: { experts: seats.experts, representatives: named.length + 1 } }, rules.params, rules.calendar, now);
    if (v) throw new RuleViolationsError([v]);
    const row = await tx.buyerRepresentative.create({ data: { lotId: lot.id, userId: user.id, name: user.displayName.slice(0, 100), namedById: actor.userId, namedAt: now } });
    await appendAudit(tx, actor, {
      action: "evaluation.representative_named",
      entityType: "Lot",
      entityId: lot.id,
      after: { userId: user.id },
      detail: { userId: user.id, representatives: named.length + 1, experts: seats.experts },
    });
    return row;
  });
}

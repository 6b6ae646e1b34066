import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { estimateProblems, parseLotTerms, throwFirst, type LotTermsInput } from "./lot-terms";
import { assertStaffScope } from "./staff-scope";
import { assertNoRuleViolations, loadTenderRules, termsViolations } from "./tender-rules";

/**
 * Edits a DRAFT lot (all terms replaced). Once submitted or published, terms change only through review
 * (withdraw to draft) or, after publication, through a change notice (publishChange) — never here.
 * `expectedVersion` is the version the form was loaded with: a concurrent edit is refused, not overwritten.
 */
export async function updateDraftLot(
  actor: Actor,
  input: LotTermsInput & { lotId: string; expectedVersion: number },
  now = new Date(),
) {
  assertCan(actor, "tender.create");
  const terms = parseLotTerms(input);
  throwFirst(estimateProblems(terms));
  return getDb().$transaction(async (tx) => {
    const before = await tx.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
    if (!before) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    await assertStaffScope(tx, actor, before.project);
    if (before.status !== "DRAFT") {
      const code = before.publishedAt ? "tenders:errors.publishedNeedsChangeNotice" : "tenders:errors.notDraft";
      throw new DomainError(code, { status: before.status }, 409);
    }
    assertNoRuleViolations(termsViolations(before.project.procurementType, terms, await loadTenderRules(tx), now));
    const { count } = await tx.lot.updateMany({
      where: { id: before.id, version: input.expectedVersion, status: "DRAFT" },
      data: { ...terms, version: { increment: 1 } },
    });
    if (count === 0) throw new DomainError("tenders:errors.staleVersion", {}, 409);
    const after = await tx.lot.findUniqueOrThrow({ where: { id: before.id } });
    const { project: _p, ...beforeLot } = before;
    await appendAudit(tx, actor, {
      action: "lot.updated",
      entityType: "Lot",
      entityId: after.id,
      before: beforeLot,
      after,
      detail: { version: after.version },
    });
    return after;
  });
}

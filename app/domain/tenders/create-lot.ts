import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { estimateProblems, parseLotTerms, throwFirst, type LotTermsInput } from "./lot-terms";
import { assertStaffScope } from "./staff-scope";
import { assertNoRuleViolations, loadTenderRules, termsViolations } from "./tender-rules";

/**
 * Adds a lot (标段) to a project as a DRAFT authored by the caller. Amounts, criteria, the order of the
 * instants and the bond ratio are checked now; the statutory periods when it is submitted and approved.
 */
export async function createLot(actor: Actor, input: LotTermsInput & { projectId: string }, now = new Date()) {
  assertCan(actor, "tender.create");
  const terms = parseLotTerms(input);
  throwFirst(estimateProblems(terms));
  return getDb().$transaction(async (tx) => {
    // Lock the project: concurrent lot creations get consecutive lot numbers.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Project" WHERE id = ${input.projectId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new DomainError("tenders:errors.projectNotFound", {}, 404);
    const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId } });
    await assertStaffScope(tx, actor, project);
    assertNoRuleViolations(termsViolations(project.procurementType, terms, await loadTenderRules(tx), now));

    const last = await tx.lot.aggregate({ where: { projectId: project.id }, _max: { lotNo: true } });
    const lot = await tx.lot.create({
      data: { ...terms, projectId: project.id, lotNo: (last._max.lotNo ?? 0) + 1, authorId: actor.userId },
    });
    await appendAudit(tx, actor, {
      action: "lot.created",
      entityType: "Lot",
      entityId: lot.id,
      after: lot,
      detail: { projectCode: project.code, lotNo: lot.lotNo },
    });
    return lot;
  });
}

import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { assertUuid, loadLotForUpdate } from "~/domain/tenders/load-lot";
import { plainText } from "~/domain/tenders/lot-terms";
import { getDb } from "~/lib/db.server";

const refSchema = plainText(100).pipe(z.string().min(1));

/** 政府采购合同备案 (政府采购法 art. 47): staff record the filing with the finance department and its reference. */
export async function recordContractFiling(actor: Actor, input: { lotId: string; reference: string }, now = new Date()) {
  assertCan(actor, "award.manage");
  assertUuid(input.lotId);
  const ref = refSchema.safeParse(input.reference);
  if (!ref.success) throw new DomainError("award:errors.filingReferenceRequired", {}, 422, "reference");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (lot.project.procurementType !== "GOVERNMENT_PROCUREMENT") throw new DomainError("award:errors.noFilingInConstruction", {}, 409);
    const c = await tx.contract.findUnique({ where: { lotId: lot.id } });
    if (!c) throw new DomainError("award:errors.noContract", {}, 409);
    if (c.filedAt) throw new DomainError("award:errors.alreadyFiled", {}, 409);
    const after = await tx.contract.update({ where: { lotId: lot.id }, data: { filedAt: now, filingReference: ref.data } });
    await appendAudit(tx, actor, { action: "award.contract_filed", entityType: "Lot", entityId: lot.id, before: c, after, detail: { reference: ref.data, late: c.filingDueAt ? now > c.filingDueAt : false } });
    await scheduleLotTransitions(tx, lot.id, now);
    return after;
  });
}

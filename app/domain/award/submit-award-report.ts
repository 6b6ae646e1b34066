import { z } from "zod";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { assertUuid, loadLotForUpdate } from "~/domain/tenders/load-lot";
import { plainText } from "~/domain/tenders/lot-terms";
import { getDb } from "~/lib/db.server";

const textSchema = plainText(20_000).pipe(z.string().min(1));

/**
 * 招标投标情况书面报告 (招标投标法 art. 47, 工程): the buyer's written report to the supervisor within 15 days
 * of the award; recording it stops the clock (AWARD_CLOCK_DUE "report").
 */
export async function submitAwardReport(actor: Actor, input: { lotId: string; text: string }, now = new Date()) {
  assertCan(actor, "award.manage");
  assertUuid(input.lotId);
  const text = textSchema.safeParse(input.text);
  if (!text.success) throw new DomainError("award:errors.reportRequired", {}, 422, "text");
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    const a = await tx.award.findUnique({ where: { lotId: lot.id } });
    if (!a) throw new DomainError("award:errors.notAwarded", {}, 409);
    if (!a.reportDueAt) throw new DomainError("award:errors.noReportInProcurement", {}, 409);
    if (a.reportedAt) throw new DomainError("award:errors.alreadyReported", {}, 409);
    const after = await tx.award.update({ where: { lotId: lot.id }, data: { reportedAt: now, reportText: text.data } });
    await appendAudit(tx, actor, { action: "award.report_submitted", entityType: "Lot", entityId: lot.id, detail: { late: now > a.reportDueAt, chars: text.data.length } });
    await scheduleLotTransitions(tx, lot.id, now);
    return after;
  });
}

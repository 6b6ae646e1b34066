import { requireUserId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { toDateStr } from "~/domain/rules/dates";
import { retentionUntil } from "~/domain/rules/statutory/archive-retention";
import { assertUuid, loadLotForUpdate } from "~/domain/tenders/load-lot";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { calendarDate } from "./record-contract";
import { buildLotArchiveJob } from "./jobs";
import { assertRule } from "./award-context";
import { ruleParam } from "~/domain/rules/rule-param";

/** States from which a lot is archived: its life is over (the table's archive rows). */
const ARCHIVABLE = ["CONTRACTED", "FAILED", "CANCELLED"] as const;

/**
 * 归档 request: staff ask for the case archive of a finished lot. A contracted lot is archived only once every
 * bond is refunded (the register has no open row) and the supervisor has been told in writing (rule
 * archiveAfterReport: 工程 the written report of 招标投标法 art. 47, 政府采购 the contract filing). The retention date is the centre's rule parameter
 * (政府采购 ≥ 15 years, 政府采购法 art. 42). The worker builds the ZIP (buildLotArchive) and moves the lot to
 * ARCHIVED; a failed build can be asked for again.
 */
export async function requestLotArchive(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "award.manage");
  assertUuid(input.lotId);
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    if (!(ARCHIVABLE as readonly string[]).includes(lot.status)) throw new DomainError("award:errors.notArchivable", { status: lot.status }, 409);
    const open = await tx.bondRefund.count({ where: { lotId: lot.id, refundedOn: null } });
    if (open > 0) throw new DomainError("award:errors.refundsOutstanding", { count: open }, 409);
    const existing = await tx.lotArchive.findUnique({ where: { lotId: lot.id } });
    if (existing && existing.status !== "FAILED") throw new DomainError("award:errors.archiveRequested", {}, 409);
    const rules = await loadTenderRules(tx);
    // The supervisor is told in writing before the case closes (工程: the art. 47 report; 政府采购: the filing).
    const [award, contract] = await Promise.all([
      tx.award.findUnique({ where: { lotId: lot.id }, select: { reportedAt: true } }),
      tx.contract.findUnique({ where: { lotId: lot.id }, select: { filedAt: true } }),
    ]);
    const archiveGate = { awarded: !!award, reportedAt: award?.reportedAt ?? null, contractSigned: !!contract, filedAt: contract?.filedAt ?? null };
    assertRule({ profile: lot.project.procurementType, rules }, "archiveAfterReport", { archiveGate }, now);
    const years = Number(ruleParam({ profile: lot.project.procurementType, rules }, "archiveRetention").minYears);
    const until = calendarDate(retentionUntil(toDateStr(now), years))!;
    const data = { status: "QUEUED" as const, progress: 0, retentionUntil: until, requestedById: requireUserId(actor), requestedAt: now, error: null, finishedAt: null };
    const row = existing
      ? await tx.lotArchive.update({ where: { lotId: lot.id }, data })
      : await tx.lotArchive.create({ data: { lotId: lot.id, ...data } });
    await appendAudit(tx, actor, { action: "archive.requested", entityType: "Lot", entityId: lot.id, detail: { retentionUntil: until.toISOString().slice(0, 10), years } });
    await enqueueJob(tx, buildLotArchiveJob, { lotId: lot.id, requestedAtMs: now.getTime() });
    return row;
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { assertUuid } from "~/domain/tenders/load-lot";
import { assertStaffScope } from "~/domain/tenders/staff-scope";
import { getDb } from "~/lib/db.server";

/**
 * The built case archive (归档 ZIP) of one lot, for the lot's staff and the supervisors to download and check
 * offline (`npm run archive:verify -- <zip>`). It holds the sealed bids, the evaluation and every record, so
 * each download is written to the audit log before a byte is sent. Not built (yet) = not found.
 */
export async function openLotArchive(actor: Actor, input: { lotId: string }) {
  assertCan(actor, "award.read");
  assertUuid(input.lotId);
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
    if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    await assertStaffScope(tx, actor, lot.project);
    const a = await tx.lotArchive.findUnique({ where: { lotId: lot.id } });
    if (!a || a.status !== "DONE" || !a.storageKey || !a.sha256) throw new DomainError("award:errors.noArchive", {}, 404);
    await appendAudit(tx, actor, { action: "archive.downloaded", entityType: "Lot", entityId: lot.id, detail: { sha256: a.sha256 } });
    return { storageKey: a.storageKey, sha256: a.sha256, size: a.size, fileName: `${lot.project.code}-${lot.title}-归档.zip` };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertDocsWindow, assertLotOpenToBidders, requireRegistration } from "./bidder-window";
import { assertUuid } from "./load-lot";

/**
 * A registered bidder downloads a tender document: checked against the documents window on the server
 * clock, logged (DocumentDownload + audit), then the route streams the Document's bytes it returns.
 */
export async function recordDownload(actor: Actor, input: { lotId: string; tenderDocumentId: string }, now = new Date()) {
  assertCan(actor, "tender.register");
  assertUuid(input.lotId);
  assertUuid(input.tenderDocumentId, "tenders:errors.documentNotFound");
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId } });
    if (!lot || !lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    const registration = await requireRegistration(tx, actor, lot.id);
    assertLotOpenToBidders(lot);
    assertDocsWindow(lot, now);
    const doc = await tx.tenderDocument.findFirst({
      where: { id: input.tenderDocumentId, lotId: lot.id, withdrawnAt: null },
    });
    if (!doc) throw new DomainError("tenders:errors.documentNotFound", {}, 404);
    const download = await tx.documentDownload.create({
      data: { registrationId: registration.id, tenderDocumentId: doc.id, userId: actor.userId, at: now, ip: actor.ip.slice(0, 64) },
    });
    await appendAudit(tx, actor, {
      action: "tender_document.downloaded",
      entityType: "TenderDocument",
      entityId: doc.id,
      detail: { lotId: lot.id, downloadId: download.id.toString(), sha256: doc.sha256 },
    });
    return { documentId: doc.documentId, name: doc.name, sha256: doc.sha256, size: doc.size };
  });
}

import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderAnnouncementDocument } from "./render-announcement-document";

export const ANNOUNCEMENT_DOCUMENT_KIND = "announcement";
/** 公告 (GongGao). */
const NUMBER_CODE = "GG";

/**
 * Renders and stores the PDF of an announcement (job renderAnnouncement) and links it to the row.
 * Idempotent: a retried or duplicated job finds the document already linked (advisory lock per announcement).
 */
export async function generateAnnouncementDocument(actor: Actor, input: { announcementId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.announcementId}`}, 0))`;
      const a = await tx.announcement.findUnique({ where: { id: input.announcementId } });
      if (!a) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
      if (a.documentId) return { documentId: a.documentId, created: false };
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const documentId = randomUUID();
      const bytes = await renderAnnouncementDocument(tx, a.id, { documentId, number, generatedAt });
      const doc = await storeDocument(tx, {
        id: documentId,
        kind: ANNOUNCEMENT_DOCUMENT_KIND,
        number,
        title: a.title,
        entityType: "Announcement",
        entityId: a.id,
        ownerOrgId: null,
        public: a.public,
        bytes,
        generatedAt,
      });
      await tx.announcement.update({ where: { id: a.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

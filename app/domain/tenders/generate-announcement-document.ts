import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderAnnouncementPdf } from "./announcement-pdf";

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
      const a = await tx.announcement.findUnique({
        where: { id: input.announcementId },
        include: { lot: { include: { project: true } } },
      });
      if (!a) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
      if (a.documentId) return { documentId: a.documentId, created: false };
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const documentId = randomUUID();
      const content = {
        kind: ANNOUNCEMENT_DOCUMENT_KIND,
        number,
        announcementKind: a.kind,
        title: a.title,
        body: a.body,
        publishedAt: a.publishedAt,
        projectCode: a.lot.project.code,
        lotNo: a.lot.lotNo,
        bidDeadline: a.lot.bidDeadline,
      };
      const bytes = await renderAnnouncementPdf({
        announcementId: a.id,
        number,
        contentDigest: sha256Hex(canonicalJson(content)),
        kind: a.kind,
        title: a.title,
        body: a.body,
        publishedAt: a.publishedAt,
        project: a.lot.project,
        lot: a.lot,
        generatedAt,
      });
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
      });
      await tx.announcement.update({ where: { id: a.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

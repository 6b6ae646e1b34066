import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { renderAnnouncementPdf } from "./announcement-pdf";

/**
 * The PDF of an announcement, from the database: used by generateAnnouncementDocument and, with the
 * stored row's stamp, to re-render a lost file (documents/restore-document.ts).
 */
export async function renderAnnouncementDocument(tx: Tx, announcementId: string, stamp: DocumentStamp) {
  const a = await tx.announcement.findUnique({ where: { id: announcementId }, include: { lot: { include: { project: true } } } });
  if (!a) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  const content = {
    kind: "announcement",
    number: stamp.number,
    announcementKind: a.kind,
    title: a.title,
    body: a.body,
    publishedAt: a.publishedAt,
    projectCode: a.lot.project.code,
    lotNo: a.lot.lotNo,
    bidDeadline: a.lot.bidDeadline,
  };
  return renderAnnouncementPdf({
    announcementId: a.id,
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    kind: a.kind,
    title: a.title,
    body: a.body,
    publishedAt: a.publishedAt,
    project: a.lot.project,
    lot: a.lot,
    generatedAt: stamp.generatedAt,
  });
}

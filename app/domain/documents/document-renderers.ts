import { systemActor } from "~/domain/actor";
import { renderAwardNoticeDocument } from "~/domain/award/render-award-notice-document";
import { renderBidReceiptDocument } from "~/domain/bids/render-bid-receipt-document";
import { loadDrawRecord, renderDrawRecordPdf } from "~/domain/draw/render-draw-record";
import { renderCertificateDocument } from "~/domain/social-supervision/render-certificate-document";
import { renderComplaintDecisionDocument } from "~/domain/supervision/render-complaint-decision-document";
import { renderMonthlyBulletinDocument } from "~/domain/supervision/render-monthly-bulletin-document";
import { renderAnnouncementDocument } from "~/domain/tenders/render-announcement-document";
import type { Document } from "~/generated/prisma/client";
import type { Tx } from "~/lib/db.server";
import { renderAuditCheckpointDocument } from "./render-audit-checkpoint-document";
import { renderRegistrationCertificate } from "./render-registration-certificate";
import type { DocumentStamp } from "./stamp";

type Renderer = (tx: Tx, doc: Document, stamp: DocumentStamp) => Promise<Buffer>;

/**
 * The document kinds that are derived data: rendered from database rows by the same function their
 * generator uses, so a lost or damaged file can be rendered again (restore-document.ts). A kind missing
 * here cannot be restored: uploaded files (tender-document, the signed contract) — the platform never had
 * anything but the bytes — and, for now, the kinds whose renderer is not split out of its generator
 * (opening-record, evaluation-report, audit-export): their loss is reported, never papered over.
 */
export const DOCUMENT_RENDERERS: Record<string, Renderer> = {
  announcement: (tx, d, s) => renderAnnouncementDocument(tx, d.entityId, s),
  "draw-record": async (tx, d, s) => renderDrawRecordPdf(await loadDrawRecord(tx, d.entityId, false), s),
  "registration-certificate": async (tx, d, s) => (await renderRegistrationCertificate(tx, d.entityId, s)).bytes,
  "audit-checkpoint": (tx, d, s) => renderAuditCheckpointDocument(tx, d.entityId, s),
  "bid-receipt": (tx, d, s) => renderBidReceiptDocument(tx, d.entityId, s),
  "award-notice": async (tx, d, s) => (await renderAwardNoticeDocument(tx, d.entityId, s)).bytes,
  "social-supervisor-certificate": async (tx, d, s) => (await renderCertificateDocument(tx, d.entityId, s)).bytes,
  "complaint-decision": (tx, d, s) => renderComplaintDecisionDocument(tx, d.entityId, s),
  // Figures of a closed month; read outside the transaction (getMonthlyFigures takes the pool).
  "monthly-bulletin": (_tx, d, s) => renderMonthlyBulletinDocument(systemActor("documents"), d.entityId, s),
};

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderCertificateDocument } from "./render-certificate-document";

/** 社会监督员聘书 (Jian Du Yuan). */
const NUMBER_CODE = "JDY";
export const CERTIFICATE_KIND = "social-supervisor-certificate";

/**
 * Renders and stores the certificate of a signed appointment (job renderSocialSupervisorCertificate).
 * Idempotent (advisory lock; an attached document is returned as is). Not public: the person's
 * organisation and the supervisors (document.read_internal) may read it.
 */
export async function generateCertificateDocument(actor: Actor, input: { appointmentId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.appointmentId}`}, 0))`;
      const a = await tx.socialSupervisorAppointment.findUnique({ where: { id: input.appointmentId } });
      if (!a || !a.agreementSignedAt) throw new DomainError("social:errors.appointmentNotFound", {}, 404);
      if (a.certificateDocumentId) return { documentId: a.certificateDocumentId, created: false };
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const { bytes, ownerOrgId } = await renderCertificateDocument(tx, a.id, { documentId: "", number, generatedAt });
      const doc = await storeDocument(tx, {
        kind: CERTIFICATE_KIND,
        number,
        title: "社会监督员聘书",
        entityType: "SocialSupervisorAppointment",
        entityId: a.id,
        ownerOrgId,
        public: false,
        bytes,
        generatedAt,
      });
      await tx.socialSupervisorAppointment.update({ where: { id: a.id }, data: { certificateDocumentId: doc.id, certificateNo: number } });
      await appendAudit(tx, actor, {
        action: "social_supervisor.certificate_issued",
        entityType: "SocialSupervisorAppointment",
        entityId: a.id,
        detail: { documentId: doc.id, number },
      });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

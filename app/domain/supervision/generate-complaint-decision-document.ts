import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderComplaintDecisionDocument } from "./render-complaint-decision-document";

/** 投诉处理决定 (TouSu JueDing). */
const NUMBER_CODE = "TSJD";

/**
 * Renders and stores the decision PDF (job renderComplaintDecision); idempotent (advisory lock, and a
 * linked document is returned as is). Not public: readable by the complainant's organisation (owner).
 */
export async function generateComplaintDecisionDocument(actor: Actor, input: { complaintId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.complaintId}`}, 0))`;
      const c = await tx.complaint.findUnique({ where: { id: input.complaintId } });
      if (!c || !c.decidedAt || !c.decision) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
      if (c.documentId) return { documentId: c.documentId, created: false };
      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const bytes = await renderComplaintDecisionDocument(tx, c.id, { documentId: "", number, generatedAt });
      const doc = await storeDocument(tx, {
        kind: "complaint-decision",
        number,
        title: "投诉处理决定书",
        entityType: "Complaint",
        entityId: c.id,
        ownerOrgId: c.complainantOrgId,
        public: false,
        bytes,
        generatedAt,
      });
      await tx.complaint.update({ where: { id: c.id }, data: { documentId: doc.id } });
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

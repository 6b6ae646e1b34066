import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";
import { documentPrefix, nextDocumentNumber } from "./next-document-number";
import { renderRegistrationCertificate } from "./render-registration-certificate";
import { storeDocument } from "./store-document";
import { docText } from "./texts";

export const REGISTRATION_CERTIFICATE_KIND = "registration-certificate";
/** 注册 (ZhuCe). */
const NUMBER_CODE = "ZC";

/**
 * Renders and stores the 企业注册证明 of a company (job renderRegistrationCertificate). Idempotent: a
 * retried or duplicated job finds the existing document and returns it (an advisory lock serialises
 * concurrent runs for the same organisation).
 */
export async function generateRegistrationCertificate(
  actor: Actor,
  input: { orgId: string },
  db: Db = getDb(),
): Promise<{ documentId: string; number: string; created: boolean }> {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${NUMBER_CODE}:${input.orgId}`}, 0))`;
      const existing = await tx.document.findFirst({
        where: { kind: REGISTRATION_CERTIFICATE_KIND, entityType: "Organisation", entityId: input.orgId },
      });
      if (existing) return { documentId: existing.id, number: existing.number, created: false };

      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const documentId = randomUUID();
      const { bytes, org } = await renderRegistrationCertificate(tx, input.orgId, { documentId, number, generatedAt });
      const doc = await storeDocument(tx, {
        id: documentId,
        kind: REGISTRATION_CERTIFICATE_KIND,
        number,
        title: `${docText("zh-CN", "registrationCertificate.title")} — ${org.name}`.slice(0, 300),
        entityType: "Organisation",
        entityId: org.id,
        ownerOrgId: org.id,
        public: false,
        bytes,
        generatedAt,
      });
      return { documentId: doc.id, number, created: true };
    },
    // Rendering happens inside the transaction so that the number stays gap-free; give it time.
    { timeout: 60_000, maxWait: 10_000 },
  );
}

import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { documentPrefix, nextDocumentNumber } from "./next-document-number";
import { renderRegistrationCertificatePdf } from "./registration-certificate-pdf";
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

      const org = await tx.organisation.findUnique({
        where: { id: input.orgId },
        include: { users: { orderBy: { createdAt: "asc" }, take: 1, select: { displayName: true, username: true } } },
      });
      if (!org) throw new DomainError("documents:errors.organisationNotFound", { orgId: input.orgId }, 404);

      const generatedAt = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
      const documentId = randomUUID();
      const firstUser = org.users[0] ?? null;
      // What the certificate states, hashed into its footer: the same facts always give the same digest.
      const content = {
        kind: REGISTRATION_CERTIFICATE_KIND,
        number,
        name: org.name,
        creditCode: org.creditCode,
        orgKind: org.kind,
        region: org.region,
        address: org.address,
        registeredAt: org.createdAt,
        firstUser: firstUser?.username ?? null,
      };
      const bytes = await renderRegistrationCertificatePdf({
        documentId,
        number,
        contentDigest: sha256Hex(canonicalJson(content)),
        org,
        firstUser,
        generatedAt,
      });
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
      });
      return { documentId: doc.id, number, created: true };
    },
    // Rendering happens inside the transaction so that the number stays gap-free; give it time.
    { timeout: 60_000, maxWait: 10_000 },
  );
}

import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { renderRegistrationCertificatePdf } from "./registration-certificate-pdf";
import type { DocumentStamp } from "./stamp";

/**
 * The 企业注册证明 of an organisation, from the database: used by generateRegistrationCertificate and, with
 * the stored row's stamp, to re-render a lost file. States today's organisation facts: if the company was
 * renamed since, the re-rendered certificate says so and its hash differs from the original's.
 */
export async function renderRegistrationCertificate(tx: Tx, orgId: string, stamp: DocumentStamp) {
  const org = await tx.organisation.findUnique({
    where: { id: orgId },
    include: { users: { orderBy: { createdAt: "asc" }, take: 1, select: { displayName: true, username: true } } },
  });
  if (!org) throw new DomainError("documents:errors.organisationNotFound", { orgId }, 404);
  const firstUser = org.users[0] ?? null;
  // What the certificate states, hashed into its footer: the same facts always give the same digest.
  const content = {
    kind: "registration-certificate",
    number: stamp.number,
    name: org.name,
    creditCode: org.creditCode,
    orgKind: org.kind,
    region: org.region,
    address: org.address,
    registeredAt: org.createdAt,
    firstUser: firstUser?.username ?? null,
  };
  const bytes = await renderRegistrationCertificatePdf({
    documentId: stamp.documentId,
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    org,
    firstUser,
    generatedAt: stamp.generatedAt,
  });
  return { bytes, org };
}

import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { renderCertificatePdf } from "./certificate-pdf";

/** The 社会监督员聘书 of a signed appointment: generation and re-render of a lost file. */
export async function renderCertificateDocument(tx: Tx, appointmentId: string, stamp: DocumentStamp) {
  const a = await tx.socialSupervisorAppointment.findUnique({ where: { id: appointmentId } });
  if (!a || !a.agreementSignedAt) throw new DomainError("social:errors.appointmentNotFound", {}, 404);
  const user = await tx.user.findUniqueOrThrow({ where: { id: a.userId }, select: { displayName: true, orgId: true } });
  const content = { kind: "social-supervisor-certificate", number: stamp.number, appointmentId: a.id, name: user.displayName, termEnd: a.termEnd, duties: a.duties };
  const bytes = await renderCertificatePdf({
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    name: user.displayName,
    affiliation: a.affiliation,
    termStart: a.termStart,
    termEnd: a.termEnd,
    signedAt: a.agreementSignedAt,
    agreementVersion: a.agreementVersion,
    duties: a.duties,
    generatedAt: stamp.generatedAt,
  });
  return { bytes, ownerOrgId: user.orgId };
}

import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { renderComplaintDecisionPdf } from "./complaint-decision-pdf";

/** The 投诉处理决定书 of a decided complaint: generation and re-render of a lost file. */
export async function renderComplaintDecisionDocument(tx: Tx, complaintId: string, stamp: DocumentStamp) {
  const c = await tx.complaint.findUnique({ where: { id: complaintId } });
  if (!c || !c.decidedAt || !c.decision) throw new DomainError("supervision:errors.complaintNotFound", {}, 404);
  const [lot, org] = await Promise.all([
    tx.lot.findUniqueOrThrow({ where: { id: c.lotId }, include: { project: true } }),
    tx.organisation.findUnique({ where: { id: c.complainantOrgId }, select: { name: true } }),
  ]);
  const content = { kind: "complaint-decision", number: stamp.number, complaintId: c.id, decision: c.decision, decidedAt: c.decidedAt };
  return renderComplaintDecisionPdf({
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    projectCode: lot.project.code,
    lotTitle: `${lot.lotNo}：${lot.title}`,
    complainant: org?.name ?? "",
    filedAt: c.filedAt,
    acceptedAt: c.acceptedAt,
    decidedAt: c.decidedAt,
    grounds: c.grounds,
    decision: c.decision,
    generatedAt: stamp.generatedAt,
  });
}

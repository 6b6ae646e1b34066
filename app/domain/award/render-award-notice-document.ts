import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { renderAwardNoticePdf } from "./award-notice-pdf";

/** The PDF of one 中标（结果）通知书 (it prints its issue time): generation and re-render of a lost file. */
export async function renderAwardNoticeDocument(tx: Tx, noticeId: string, stamp: DocumentStamp) {
  const n = await tx.awardNotice.findUnique({ where: { id: noticeId }, include: { award: true } });
  if (!n) throw new DomainError("award:errors.noticeNotFound", {}, 404);
  const lot = await tx.lot.findUniqueOrThrow({ where: { id: n.lotId }, include: { project: true } });
  const buyer = await tx.organisation.findUnique({ where: { id: lot.project.buyerOrgId }, select: { name: true } });
  const content = {
    kind: "award-notice",
    number: n.number,
    noticeKind: n.kind,
    lotId: n.lotId,
    bidId: n.bidId,
    bidder: n.bidderName,
    winner: n.award.winnerName,
    winnerPriceFen: n.award.priceFen.toString(),
    rank: n.rank,
    totalScore: n.totalScore,
    rejectionReason: n.rejectionReason,
    issuedAt: n.issuedAt,
  };
  const bytes = await renderAwardNoticePdf({
    kind: n.kind,
    number: n.number,
    contentDigest: sha256Hex(canonicalJson(content)),
    documentUrl: `${getEnv().PUBLIC_URL}/documents/${stamp.documentId}`,
    buyerName: buyer?.name ?? "",
    bidderName: n.bidderName,
    lotLabel: `${lot.project.title}（${lot.title}）`,
    projectCode: lot.project.code,
    winnerName: n.award.winnerName,
    winnerPriceFen: n.award.priceFen,
    rank: n.rank,
    totalScore: n.totalScore,
    priceFen: n.priceFen,
    rejectionReason: n.rejectionReason,
    contractDueAt: n.award.contractDueAt,
    issuedAt: n.issuedAt,
  });
  return { bytes, notice: n, lot };
}

import { candidatesOf } from "~/domain/evaluation/evaluation-outcome";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import type { Db, Tx } from "~/lib/db.server";

/**
 * The public face of a lot's award phase, for the portal pages (candidates, result, contract) and OCDS:
 * only what has been announced — the candidates once their publicity started, the winner once the result is
 * announced, the contract once recorded (its file only when public: 政府采购). Committee names are public
 * only for 政府采购, with the result (政府采购法实施条例 art. 43); never for 工程.
 */
export async function getPublicAward(db: Db | Tx, lotId: string) {
  const [lot, publicity, award, contract] = await Promise.all([
    db.lot.findUnique({ where: { id: lotId }, select: { publishedAt: true, status: true, estimatedPriceFen: true, project: { select: { procurementType: true } } } }),
    db.candidatesPublicity.findUnique({ where: { lotId } }),
    db.award.findUnique({ where: { lotId } }),
    db.contract.findUnique({ where: { lotId } }),
  ]);
  if (!lot?.publishedAt) return null;
  const outcome = publicity || award ? await getEvaluationOutcome(db, lotId) : null;
  const procurement = lot.project.procurementType === "GOVERNMENT_PROCUREMENT";
  const doc = contract ? await db.document.findUnique({ where: { id: contract.documentId }, select: { id: true, public: true, sha256: true, size: true } }) : null;
  const archive = await db.lotArchive.findUnique({ where: { lotId }, select: { status: true, retentionUntil: true, finishedAt: true } });
  return {
    candidates:
      publicity && outcome
        ? {
            startsAt: publicity.startsAt,
            endsAt: publicity.endsAt,
            endedAt: publicity.endedAt,
            method: outcome.method,
            rows: candidatesOf(outcome).map((c) => ({ rank: c.rank, bidderName: c.bidderName, bidPriceFen: BigInt(c.bidPriceFen), totalScore: c.totalScore, evaluatedPriceFen: c.evaluatedPriceFen ? BigInt(c.evaluatedPriceFen) : null })),
          }
        : null,
    result: award
      ? {
          id: `${lotId}-award`,
          decidedAt: award.decidedAt,
          winnerOrgId: award.winnerOrgId,
          winnerName: award.winnerName,
          winnerRank: award.winnerRank,
          priceFen: award.priceFen,
          notFirstReason: award.winnerRank === 1 ? null : award.reasonText,
          savingsFen: lot.estimatedPriceFen - award.priceFen,
          committee: procurement && outcome ? outcome.committee.map((m) => m.name) : null,
        }
      : null,
    contract: contract
      ? {
          id: `${lotId}-contract`,
          signedAt: contract.signedAt,
          recordedAt: contract.recordedAt,
          amountFen: contract.amountFen,
          performanceBondFen: contract.performanceBondFen,
          startsOn: contract.startsOn.toISOString().slice(0, 10),
          endsOn: contract.endsOn.toISOString().slice(0, 10),
          changeReason: contract.changeReason,
          sha256: contract.sha256,
          document: doc ? { id: doc.id, public: doc.public, sha256: doc.sha256, size: doc.size } : null,
          filedAt: contract.filedAt,
        }
      : null,
    archive: archive?.status === "DONE" ? { finishedAt: archive.finishedAt, retentionUntil: archive.retentionUntil.toISOString().slice(0, 10) } : null,
  };
}

export type PublicAward = NonNullable<Awaited<ReturnType<typeof getPublicAward>>>;

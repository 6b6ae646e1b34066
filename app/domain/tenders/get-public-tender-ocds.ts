import { getPublicAward } from "~/domain/award/get-public-award";
import { getDb, type Db } from "~/lib/db.server";
import { buildOcdsReleasePackage, type OcdsOptions } from "./build-ocds-release-package";
import { getPublicTender } from "./get-public-tender";

export type OcdsPublisher = Omit<OcdsOptions, "buyer" | "agent" | "statusChangedAt">;

/**
 * A published lot as an OCDS 1.1 release package (GET /api/v1/tenders/:id/ocds). Public: same visibility
 * as the tender page (drafts are "not found"); adds only what OCDS needs beyond the page — the parties'
 * ids and when the lot last changed state.
 */
export async function getPublicTenderOcds(lotId: string, publisher: OcdsPublisher, now = new Date(), db: Db = getDb()) {
  const view = await getPublicTender(lotId, now, db);
  const row = await db.lot.findUniqueOrThrow({
    where: { id: lotId },
    select: { updatedAt: true, project: { select: { buyerOrgId: true, agentOrgId: true } } },
  });
  const { buyerOrgId, agentOrgId } = row.project;
  const pub = await getPublicAward(db, lotId);
  const award = pub?.result
    ? { id: pub.result.id, date: pub.result.decidedAt, supplier: { id: pub.result.winnerOrgId, name: pub.result.winnerName }, valueFen: pub.result.priceFen }
    : null;
  const contract = pub?.contract
    ? {
        id: pub.contract.id,
        dateSigned: pub.contract.signedAt,
        recordedAt: pub.contract.recordedAt,
        valueFen: pub.contract.amountFen,
        startsOn: pub.contract.startsOn,
        endsOn: pub.contract.endsOn,
        document: pub.contract.document,
      }
    : null;
  return buildOcdsReleasePackage({ ...view, award, contract }, {
    ...publisher,
    buyer: { id: buyerOrgId, name: view.project.buyerName ?? "" },
    agent: agentOrgId ? { id: agentOrgId, name: view.project.agentName ?? "" } : null,
    statusChangedAt: row.updatedAt,
  });
}

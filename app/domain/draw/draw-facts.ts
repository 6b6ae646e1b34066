import { statusesIn } from "~/domain/tenders/lot-phases";
import { DomainError } from "~/domain/errors";
import type { LotStatus, ProcurementType } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

/** Lot states in which experts may be drawn: after publication, before the evaluation starts. */
export const DRAWABLE_LOT_STATES: readonly LotStatus[] = statusesIn("drawable");
/** Lot states in which the result is final: the draw proof is revealed even if staff did not mark it. */
export const RESULT_FINAL_LOT_STATES: readonly LotStatus[] = statusesIn("resultPublic");

interface PartiesRow {
  id: string;
  status: LotStatus;
  bidDeadline: Date;
  estimatedPriceFen: bigint;
  procurementType: ProcurementType;
  buyerOrgId: string;
  agentOrgId: string | null;
  bidderCreditCodes: string[];
  buyerCreditCodes: string[];
  agentCreditCodes: string[];
  projectUserIds: string[];
  sameBuyerDays: number | null;
  responseMinutes: number | null;
}

// Bidders: organisations registered for the lot and any that submitted a bid (even withdrawn: it saw the
// lot as a bidder). People: the lot's author and reviewer, the project's creator, every account of the
// buyer, the agent and the bidders. The centre's draw settings ride along. One round trip (the draw
// request is benchmarked).
const PARTIES_SQL = (lock: boolean) => `
  WITH b AS (SELECT "bidderOrgId" AS id FROM "LotRegistration" WHERE "lotId" = $1::uuid
             UNION SELECT "bidderOrgId" FROM "Bid" WHERE "lotId" = $1::uuid)
  SELECT l.id, l.status, l."bidDeadline", l."estimatedPriceFen", p."procurementType", p."buyerOrgId", p."agentOrgId",
         ARRAY(SELECT o."creditCode"::text FROM "Organisation" o WHERE o.id IN (SELECT id FROM b)) AS "bidderCreditCodes",
         ARRAY(SELECT o."creditCode"::text FROM "Organisation" o WHERE o.id = p."buyerOrgId") AS "buyerCreditCodes",
         ARRAY(SELECT o."creditCode"::text FROM "Organisation" o WHERE o.id = p."agentOrgId") AS "agentCreditCodes",
         ARRAY(SELECT DISTINCT x FROM (
                 SELECT u.id AS x FROM "User" u
                  WHERE u."orgId" = p."buyerOrgId" OR u."orgId" = p."agentOrgId" OR u."orgId" IN (SELECT id FROM b)
                 UNION SELECT unnest(ARRAY[l."authorId", l."reviewerId", p."createdById"])) y
               WHERE x IS NOT NULL) AS "projectUserIds",
         s."sameBuyerDays", s."responseMinutes"
    FROM "Lot" l JOIN "Project" p ON p.id = l."projectId" LEFT JOIN "DrawSetting" s ON s.id = 1
   WHERE l.id = $1::uuid${lock ? ` FOR UPDATE OF l` : ""}`;

/**
 * The parties of a lot as avoidance needs them: organisations' credit codes (compared with experts'
 * employers) and the accounts of everyone on the project's side (compared with experts' own accounts).
 * `lock` takes the lot row lock in the same statement (one draw request at a time per lot).
 */
export async function loadDrawParties(tx: Tx, lotId: string, opts: { lock?: boolean } = {}) {
  const [r] = await tx.$queryRawUnsafe<PartiesRow[]>(PARTIES_SQL(!!opts.lock), lotId);
  if (!r) throw new DomainError("experts:errors.lotNotFound", {}, 404);
  return {
    lot: { id: r.id, status: r.status, bidDeadline: r.bidDeadline, estimatedPriceFen: r.estimatedPriceFen },
    project: { procurementType: r.procurementType, buyerOrgId: r.buyerOrgId, agentOrgId: r.agentOrgId },
    bidderCreditCodes: r.bidderCreditCodes,
    buyerCreditCodes: r.buyerCreditCodes,
    agentCreditCodes: r.agentCreditCodes,
    projectUserIds: r.projectUserIds,
    settings: settingsOf(r),
  };
}

/** The centre's draw settings (DrawSetting, one row), defaults when it is missing. */
const settingsOf = (s: { sameBuyerDays: number | null; responseMinutes: number | null } | null) => ({
  sameBuyerDays: s?.sameBuyerDays ?? 30,
  responseMinutes: s?.responseMinutes ?? 60,
});

/**
 * What a draw request checks besides the lot, in one round trip: how many of the specialty codes exist,
 * whether the lot already has a valid initial draw and the highest seq so far. Read after the lot lock.
 * `ride` adds select-list items of the caller's (the eligible sets: still one round trip), with their
 * parameters numbered from $3; their values come back in `extra`.
 */
export async function requestFacts<R extends object = Record<string, never>>(
  tx: Tx,
  lotId: string,
  codes: string[],
  ride?: { columns: string; params: unknown[] },
) {
  const [r] = await tx.$queryRawUnsafe<({ known: number; drawn: boolean; maxSeq: number } & R)[]>(
    `SELECT (SELECT count(*)::int FROM "Specialty" WHERE code = ANY($2::text[])) AS known,
            EXISTS (SELECT 1 FROM "Draw" WHERE "lotId" = $1::uuid AND kind = 'INITIAL' AND status <> 'CANCELLED') AS drawn,
            (SELECT COALESCE(max(seq), 0)::int FROM "Draw" WHERE "lotId" = $1::uuid) AS "maxSeq"${ride ? `, ${ride.columns}` : ""}`,
    lotId,
    codes,
    ...(ride?.params ?? []),
  );
  return { known: r!.known, drawn: r!.drawn, maxSeq: r!.maxSeq, extra: r! as R };
}

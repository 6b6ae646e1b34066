import { randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertWorker } from "./assert-worker";
import { appendAudit } from "~/domain/audit/append-audit";
import { sealSecret } from "~/domain/experts/secret-box";
import type { Tx } from "~/lib/db.server";
import { getDb, type Db } from "~/lib/db.server";
import { commitmentOf, poolDigest } from "./draw-algorithm";
import { loadDrawParties } from "./draw-facts";
import { eligiblePools } from "./eligible-pools";
import { callMember } from "./call-member";
import { raiseRepeatAlert } from "./request-draw";

const DAY = 86_400_000;
const VACANT = ["DECLINED", "TIMED_OUT", "AVOIDED"] as const;

/**
 * Fills a vacated seat (job drawCallBackup, actor SYSTEM): the next backup of the same specialty in call
 * order; when the backups are used up, a supplementary draw with a fresh commitment (counted, alerted),
 * waiting for a supervisor's entropy like any draw. Idempotent: a seat already filled is left alone.
 */
export async function callNextBackup(actor: Actor, input: { memberId: string }, db: Db = getDb()) {
  assertWorker(actor);
  return db.$transaction((tx) => fillSeat(tx, actor, input.memberId), { timeout: 30_000, maxWait: 10_000 });
}

/** The same inside a caller's transaction (the timeout job marks the seat and fills it in one go). */
export async function fillSeat(tx: Tx, actor: Actor, memberId: string) {
  const m = await tx.drawMember.findUnique({ where: { id: memberId } });
  if (!m || !(VACANT as readonly string[]).includes(m.status)) return { outcome: "NOT_VACANT" as const };
  await tx.$executeRaw`SELECT 1 FROM "Draw" WHERE id = ${m.drawId}::uuid FOR UPDATE`;
  const draw = await tx.draw.findUniqueOrThrow({ where: { id: m.drawId } });
  // A FINAL draw still takes its backups: confirming the result never leaves a seat empty.
  if (draw.status === "CANCELLED") return { outcome: "DRAW_CLOSED" as const };
  const filled =
    (await tx.drawMember.count({ where: { replacesId: m.id } })) + (await tx.draw.count({ where: { replacesMemberId: m.id } }));
  if (filled > 0) return { outcome: "ALREADY_FILLED" as const };

  const next = await tx.drawMember.findFirst({
    where: { drawId: m.drawId, specialtyCode: m.specialtyCode, role: "BACKUP", status: "STANDBY" },
    orderBy: { rank: "asc" },
  });
  const now = new Date();
  if (next) {
    await callMember(tx, draw, next, now, m.id);
    await appendAudit(tx, actor, {
      action: "draw.backup_called",
      entityType: "DrawMember",
      entityId: next.id,
      after: { status: "NOTIFIED", replacesId: m.id },
      detail: { drawId: draw.id, specialty: m.specialtyCode, rank: next.rank, replaces: m.id, because: m.status },
    });
    return { outcome: "BACKUP_CALLED" as const, memberId: next.id };
  }
  const supplementaryId = await startSupplementaryDraw(tx, actor, draw, m);
  return { outcome: "SUPPLEMENTARY_DRAW" as const, drawId: supplementaryId };
}

async function startSupplementaryDraw(
  tx: Tx,
  actor: Actor,
  draw: { id: string; lotId: string; buyerOrgId: string; parentDrawId: string | null; committeeMembers: number; evaluationAt: Date; evaluationPlace: string; responseMinutes: number },
  seat: { id: string; specialtyCode: string },
) {
  await tx.$executeRaw`SELECT 1 FROM "Lot" WHERE id = ${draw.lotId}::uuid FOR UPDATE`;
  const parties = await loadDrawParties(tx, draw.lotId);
  const { settings } = parties;
  const inLot = await tx.drawMember.findMany({ where: { draw: { lotId: draw.lotId } }, select: { expertId: true } });
  const { pools, counts } = await eligiblePools(tx, {
    specialtyCodes: [seat.specialtyCode],
    bidderCreditCodes: parties.bidderCreditCodes,
    buyerCreditCodes: parties.buyerCreditCodes,
    agentCreditCodes: parties.agentCreditCodes,
    projectUserIds: parties.projectUserIds,
    excludeExpertIds: inLot.map((x) => x.expertId),
    buyerOrgId: draw.buyerOrgId,
    evaluationAt: draw.evaluationAt,
    recentSince: new Date(Date.now() - settings.sameBuyerDays * DAY),
  });
  const codes = pools.get(seat.specialtyCode) ?? [];
  // One member and, when the pool allows, one backup; an empty pool still records the attempt so that
  // the supervisor sees the vacancy (the draw then fails visibly at entropy time).
  const backups = codes.length >= 2 ? 1 : 0;
  const seq = ((await tx.draw.aggregate({ where: { lotId: draw.lotId }, _max: { seq: true } }))._max.seq ?? 0) + 1;
  const id = randomUUID();
  const seed = randomBytes(32);
  await tx.draw.create({
    data: {
      id,
      lotId: draw.lotId,
      buyerOrgId: draw.buyerOrgId,
      seq,
      kind: "SUPPLEMENTARY",
      parentDrawId: draw.parentDrawId ?? draw.id,
      replacesMemberId: seat.id,
      committeeMembers: draw.committeeMembers,
      evaluationAt: draw.evaluationAt,
      evaluationPlace: draw.evaluationPlace,
      responseMinutes: draw.responseMinutes,
      serverSeedEnc: sealSecret("draw-server-seed", seed.toString("hex")),
      commitment: commitmentOf(seed),
      avoidance: counts,
      requestedById: "00000000-0000-0000-0000-000000000000",
      pools: { create: [{ position: 0, specialtyCode: seat.specialtyCode, members: 1, backups, codes, digest: poolDigest(codes) }] },
    },
  });
  await appendAudit(tx, actor, {
    action: "draw.supplementary_requested",
    entityType: "Draw",
    entityId: id,
    after: { lotId: draw.lotId, seq, commitment: commitmentOf(seed), replaces: seat.id },
    detail: { lotId: draw.lotId, seq, parent: draw.id, specialty: seat.specialtyCode, eligible: codes.length },
  });
  await raiseRepeatAlert(tx, draw.lotId, seq, "SUPPLEMENTARY");
  return id;
}

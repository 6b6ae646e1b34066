import { loadCalendar } from "~/domain/rules/load-calendar";
import type { Db } from "~/lib/db.server";
import type { AlertFacts } from "./alert-rules/types";

const LIVE = ["PUBLISHED", "BIDDING_CLOSED", "OPENING", "EVALUATION", "CANDIDATES_PUBLICITY", "SUSPENDED"] as const;
/** Off-hours operations are looked at over this window; dedupe keys make the overlap harmless. */
export const OPERATIONS_WINDOW_MS = 2 * 3600_000;

/** Reads, bounded, what the alert rules need (read-only; runs every minute on the maintenance queue). */
export async function loadAlertFacts(db: Db, now: Date): Promise<AlertFacts> {
  const [calendar, lots, objections, complaints, bids, operations, draws] = await Promise.all([
    loadCalendar(db),
    db.lot.findMany({
      where: { status: { in: [...LIVE] } },
      select: {
        id: true,
        status: true,
        bidDeadline: true,
        announcements: { where: { kind: { in: ["CANDIDATES", "RESULT"] } }, select: { kind: true, publishedAt: true } },
      },
      take: 5000,
    }),
    db.objection.findMany({
      where: { answeredAt: null },
      select: { id: true, lotId: true, answerDueAt: true, answeredAt: true },
      take: 2000,
    }),
    db.complaint.findMany({
      where: { status: { in: ["RECEIVED", "ACCEPTED"] } },
      select: { id: true, lotId: true, status: true, acceptDueAt: true, decisionDueAt: true },
      take: 2000,
    }),
    db.bid.findMany({
      where: { status: "ACTIVE" },
      select: {
        id: true,
        lotId: true,
        bidderOrgId: true,
        uploaderIp: true,
        deviceId: true,
        ciphertextSha256: true,
        plaintextSha256: true,
        submittedAt: true,
        bond: { select: { payerAccount: true } },
      },
      orderBy: { submittedAt: "desc" },
      take: 50_000,
    }),
    db.auditEntry.findMany({
      where: { at: { gte: new Date(now.getTime() - OPERATIONS_WINDOW_MS), lte: now }, actorRole: { notIn: ["SYSTEM", "BIDDER", "PUBLIC"] } },
      select: { id: true, at: true, action: true, actorRole: true, actorId: true, entityType: true, entityId: true },
      take: 5000,
    }),
    db.draw.groupBy({ by: ["lotId"], _count: { _all: true }, having: { lotId: { _count: { gt: 1 } } } }),
  ]);
  const cancelled = draws.length
    ? await db.draw.groupBy({ by: ["lotId"], where: { lotId: { in: draws.map((d) => d.lotId) }, status: "CANCELLED" }, _count: { _all: true } })
    : [];
  const cancelledOf = new Map(cancelled.map((c) => [c.lotId, c._count._all]));
  const liveLots = new Set(lots.map((l) => l.id));
  return {
    now,
    calendar,
    lots: lots.map((l) => ({
      id: l.id,
      status: l.status,
      bidDeadline: l.bidDeadline,
      candidatesPublishedAt: l.announcements.find((a) => a.kind === "CANDIDATES")?.publishedAt ?? null,
      awarded: l.announcements.some((a) => a.kind === "RESULT"),
    })),
    objections,
    complaints,
    bids: bids
      .filter((b) => liveLots.has(b.lotId))
      .map((b) => ({
        id: b.id,
        lotId: b.lotId,
        orgId: b.bidderOrgId,
        uploaderIp: b.uploaderIp,
        deviceId: b.deviceId,
        ciphertextSha256: b.ciphertextSha256,
        plaintextSha256: b.plaintextSha256,
        bondPayerAccount: b.bond?.payerAccount ?? null,
      })),
    operations: operations.map((o) => ({ ...o, id: o.id.toString() })),
    drawsPerLot: draws.map((d) => ({ lotId: d.lotId, draws: d._count._all, cancelled: cancelledOf.get(d.lotId) ?? 0 })),
    prices: [],
  };
}

import { loadCalendar } from "~/domain/rules/load-calendar";
import { loadRuleParams } from "~/domain/rules/load-rule-params";
import { statusesIn } from "~/domain/tenders/lot-phases";
import { loadMajorProjectFacts } from "~/domain/social-supervision/load-major-project-facts";
import type { AlertKind } from "~/generated/prisma/enums";
import type { Db } from "~/lib/db.server";
import type { AlertFacts, ScoringDeviationFact, StandingGroupFact } from "./alert-rules/types";
import { BID_FACTS_LIMIT, loadBidFacts } from "./load-bid-facts";
import { loadDocumentTraits, loadPriceFacts } from "./load-read-out-facts";
import { scoringDeviationFacts } from "./scoring-deviation-facts";

const LIVE = statusesIn("running");
/** Off-hours operations are looked at over this window; dedupe keys make the overlap harmless. */
export const OPERATIONS_WINDOW_MS = 2 * 3600_000;

/** TIMED_OUT expert calls are looked at this long after their limit; dedupe keys make the overlap harmless. */
export const TIMED_OUT_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Reads, bounded, what the alert rules need (read-only; runs every minute on the maintenance queue): a
 * fixed number of set-based queries whatever the number of lots and bids — never one per lot.
 */
/** Deviations stored with the computed results of evaluations not yet frozen. */
async function loadScoringDeviationFacts(db: Db): Promise<ScoringDeviationFact[]> {
  const sessions = await db.evaluationSession.findMany({ where: { stage: "SIGNING" }, select: { id: true, lotId: true, results: true } });
  return sessions.flatMap((s) => scoringDeviationFacts(s.lotId, s.id, (s.results as { deviations?: Omit<ScoringDeviationFact, "lotId" | "sessionId">[] } | null)?.deviations ?? []));
}

/** The shared-trait collusion kinds whose groups follow the bids (re-evaluated, closed when dissolved). */
export const BID_GROUP_KINDS: AlertKind[] = ["COLLUSION_SAME_IP", "COLLUSION_SAME_DEVICE", "COLLUSION_SAME_BOND_ACCOUNT", "COLLUSION_SAME_FILE", "COLLUSION_SAME_CIPHERTEXT"];

/** Standing (not resolved) bid-group alerts of live lots: few, one per shared thing found. */
async function loadStandingGroups(db: Db, lotIds: string[]): Promise<StandingGroupFact[]> {
  if (lotIds.length === 0) return [];
  const rows = await db.alert.findMany({
    where: { kind: { in: BID_GROUP_KINDS }, resolvedAt: null, lotId: { in: lotIds } },
    select: { id: true, kind: true, lotId: true, dedupeKey: true, params: true },
    take: 20_000,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind, lotId: r.lotId!, dedupeKey: r.dedupeKey, params: (r.params ?? {}) as Record<string, unknown> }));
}

export async function loadAlertFacts(db: Db, now: Date): Promise<AlertFacts> {
  const [calendar, ruleParams, lots, objections, complaints, bids, operations, draws, expertCalls, prices, documentTraits] = await Promise.all([
    loadCalendar(db),
    loadRuleParams(db),
    db.lot.findMany({
      where: { status: { in: [...LIVE] } },
      select: {
        id: true,
        status: true,
        bidDeadline: true,
        project: { select: { procurementType: true } },
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
    loadBidFacts(db, LIVE),
    db.auditEntry.findMany({
      where: { at: { gte: new Date(now.getTime() - OPERATIONS_WINDOW_MS), lte: now }, actorRole: { notIn: ["SYSTEM", "BIDDER", "PUBLIC"] } },
      select: { id: true, at: true, action: true, actorRole: true, actorId: true, entityType: true, entityId: true },
      take: 5000,
    }),
    db.draw.groupBy({ by: ["lotId"], _count: { _all: true }, having: { lotId: { _count: { gt: 1 } } } }),
    // Calls inside the last third of their window (or past it), and recent time-outs, of draws not cancelled.
    db.$queryRaw<AlertFacts["expertCalls"]>`
      SELECT m.id AS "memberId", m."drawId", d."lotId", m."expertCode", m."specialtyCode", m.status::text AS status,
             m."notifiedAt", m."respondBy"
      FROM "DrawMember" m JOIN "Draw" d ON d.id = m."drawId"
      WHERE d.status <> 'CANCELLED' AND m."notifiedAt" IS NOT NULL AND m."respondBy" IS NOT NULL
        AND ((m.status = 'NOTIFIED' AND m."respondBy" - (m."respondBy" - m."notifiedAt") / 3 <= ${now})
          OR (m.status = 'TIMED_OUT' AND m."respondBy" > ${new Date(now.getTime() - TIMED_OUT_WINDOW_MS)}))
      LIMIT 5000`,
    loadPriceFacts(db),
    loadDocumentTraits(db),
  ]);
  const cancelled = draws.length
    ? await db.draw.groupBy({ by: ["lotId"], where: { lotId: { in: draws.map((d) => d.lotId) }, status: "CANCELLED" }, _count: { _all: true } })
    : [];
  const cancelledOf = new Map(cancelled.map((c) => [c.lotId, c._count._all]));
  const liveLots = new Set(lots.map((l) => l.id));
  const majorProjects = await loadMajorProjectFacts(db, now);
  const scoringDeviations = await loadScoringDeviationFacts(db);
  // Only with every live bid in hand may a group be found dissolved (a bid cut at the bound is not gone).
  const standingGroups = bids.length < BID_FACTS_LIMIT ? await loadStandingGroups(db, [...liveLots]) : undefined;
  return {
    now,
    majorProjects,
    scoringDeviations,
    calendar,
    ruleParams,
    lots: lots.map((l) => ({
      id: l.id,
      status: l.status,
      procurementType: l.project.procurementType,
      bidDeadline: l.bidDeadline,
      candidatesPublishedAt: l.announcements.find((a) => a.kind === "CANDIDATES")?.publishedAt ?? null,
      awarded: l.announcements.some((a) => a.kind === "RESULT"),
    })),
    objections,
    complaints,
    bids: bids.filter((b) => liveLots.has(b.lotId)),
    operations: operations.map((o) => ({ ...o, id: o.id.toString() })),
    drawsPerLot: draws.map((d) => ({ lotId: d.lotId, draws: d._count._all, cancelled: cancelledOf.get(d.lotId) ?? 0 })),
    prices,
    expertCalls,
    documentTraits,
    standingGroups,
  };
}

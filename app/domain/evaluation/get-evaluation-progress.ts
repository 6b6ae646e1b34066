import type { Actor } from "~/domain/actor";
import { getDb, type Db } from "~/lib/db.server";
import type { ResultsJson } from "./compute-results";
import { assertEvaluationViewer, criteriaOfSession } from "./evaluation-access";

/**
 * Progress of a lot's evaluation for the project's staff and for supervisors, live (the pages poll it).
 * Staff see seats only — never a member's name (the experts are secret until the result); supervisors see
 * names, the deviation flags and the alerts. Neither sees a member's scores before the results.
 */
export async function getEvaluationProgress(actor: Actor, input: { lotId: string }, db: Db = getDb()) {
  const viewer = await assertEvaluationViewer(db, actor, input.lotId);
  const lot = await db.lot.findUniqueOrThrow({ where: { id: input.lotId }, select: { id: true, title: true, status: true, project: { select: { code: true, title: true, procurementType: true } } } });
  const session = await db.evaluationSession.findUnique({ where: { lotId: input.lotId } });
  const base = { viewer, lotId: lot.id, lotLabel: `${lot.project.code} ${lot.project.title}（${lot.title}）`, lotStatus: lot.status, profile: lot.project.procurementType };
  if (!session) {
    const confirmed = await db.drawMember.count({ where: { status: "CONFIRMED", draw: { lotId: input.lotId, status: { not: "CANCELLED" } } } });
    return { ...base, session: null, confirmedExperts: confirmed, members: [], bids: [], ranking: null, deviations: [], alerts: [] };
  }
  const [members, bids, sheets, alerts] = await Promise.all([
    db.evaluationMember.findMany({ where: { sessionId: session.id }, orderBy: [{ seat: "asc" }, { status: "desc" }] }),
    db.evaluationBid.findMany({ where: { sessionId: session.id }, orderBy: { ordinal: "asc" } }),
    db.scoreSheet.findMany({ where: { sessionId: session.id } }),
    viewer === "supervisor" ? db.alert.findMany({ where: { lotId: input.lotId, kind: "SCORING_DEVIATION" }, orderBy: { createdAt: "desc" }, take: 50 }) : [],
  ]);
  const typed = criteriaOfSession(session).filter((c) => !c.price).length;
  const valid = bids.filter((b) => b.status === "VALID").length;
  const cellsTotal = typed * valid;
  const sheetOf = new Map(sheets.map((s) => [s.memberId, s]));
  const results = session.stage === "SIGNING" || session.stage === "DONE" ? (session.results as unknown as ResultsJson | null) : null;
  return {
    ...base,
    confirmedExperts: members.filter((m) => m.status === "SEATED").length,
    session: {
      stage: session.stage,
      startedAt: session.startedAt,
      dueAt: session.dueAt,
      extensions: session.extensions,
      reportSha256: session.reportSha256,
      reportDocumentId: session.reportDocumentId,
      completedAt: session.completedAt,
    },
    members: members.map((m) => {
      const s = sheetOf.get(m.id);
      const filled = s ? Object.values(s.scores as Record<string, Record<string, string>>).reduce((n, r) => n + Object.values(r).filter((v) => v !== "").length, 0) : 0;
      return {
        seat: m.seat,
        name: viewer === "supervisor" ? m.name : null,
        kind: m.kind,
        status: m.status,
        isChair: m.id === session.chairMemberId,
        signedInAt: m.signedInAt,
        declared: m.conflict,
        replaces: !!m.replacesMemberId,
        sheet: s?.status ?? null,
        filled: Math.min(filled, cellsTotal),
        cellsTotal,
        sheetSha256: s?.status === "SUBMITTED" ? s.sha256 : null,
        signature: m.signature,
        signedAt: m.signedAt,
        dissent: viewer === "supervisor" ? m.dissent : m.dissent ? "—" : null,
        moreTime: !!m.moreTimeAt,
      };
    }),
    bids: bids.map((b) => ({ ordinal: b.ordinal, bidderName: b.bidderName, priceFen: b.priceFen.toString(), flags: b.flags, status: b.status, rejectGround: b.rejectGround })),
    ranking: results?.ranking.map((r) => ({ rank: r.rank, ordinal: r.ordinal, total: r.total, evaluatedPriceFen: r.evaluatedPriceFen })) ?? null,
    deviations: viewer === "supervisor" ? (results?.deviations ?? []) : [],
    alerts: alerts.map((a) => ({ id: a.id, severity: a.severity, messageCode: a.messageCode, params: a.params as Record<string, string | number>, createdAt: a.createdAt })),
  };
}
export type EvaluationProgress = Awaited<ReturnType<typeof getEvaluationProgress>>;

/** The evaluations the signed-in person sits on (any stage), newest first. */
export async function listMyEvaluations(actor: Actor, db: Db = getDb()) {
  if (!actor.userId) return [];
  const seats = await db.evaluationMember.findMany({ where: { userId: actor.userId }, include: { session: true }, orderBy: { session: { startedAt: "desc" } }, take: 30 });
  const lots = new Map(
    (await db.lot.findMany({ where: { id: { in: seats.map((s) => s.session.lotId) } }, select: { id: true, title: true, project: { select: { code: true, title: true } } } })).map((l) => [l.id, l]),
  );
  return seats.map((s) => {
    const l = lots.get(s.session.lotId);
    return { lotId: s.session.lotId, lotLabel: l ? `${l.project.code} ${l.project.title}（${l.title}）` : "", seat: s.seat, stage: s.session.stage, removed: s.status === "REMOVED", signedIn: !!s.signedInAt, dueAt: s.session.dueAt };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/** The bidder's own clarification requests (all its lots), newest first. */
export async function listMyClarifications(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "bid.submit");
  if (!actor.orgId) return [];
  const rows = await db.evaluationClarification.findMany({ where: { bidderOrgId: actor.orgId }, orderBy: { askedAt: "desc" }, take: 50 });
  const sessions = new Map(
    (await db.evaluationSession.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.sessionId))] } }, select: { id: true, lotId: true } })).map((s) => [s.id, s.lotId]),
  );
  const lots = new Map(
    (await db.lot.findMany({ where: { id: { in: [...sessions.values()] } }, select: { id: true, title: true, project: { select: { code: true, title: true } } } })).map((l) => [l.id, l]),
  );
  const now = Date.now();
  return rows.map((r) => {
    const lot = lots.get(sessions.get(r.sessionId) ?? "");
    return {
      id: r.id,
      lot: lot ? `${lot.project.code} ${lot.project.title}（${lot.title}）` : "",
      question: r.question,
      askedAt: r.askedAt,
      dueAt: r.dueAt,
      answer: r.answer,
      answeredAt: r.answeredAt,
      open: !r.answer && r.dueAt.getTime() > now,
    };
  });
}

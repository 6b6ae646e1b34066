import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/**
 * The halls a supervisor may enter now or just watched: every opening session still running, and those
 * closed in the last day (to fetch the record). The supervisor's way into 开标监督 (issue 16: the hall had no
 * entry from the supervision workspace).
 */
export async function listOpenHalls(actor: Actor, deps: { db?: Db } = {}) {
  assertCan(actor, "opening.attend");
  if (actor.role !== "SUPERVISOR") return [];
  const db = deps.db ?? getDb();
  const since = new Date(Date.now() - 24 * 3600_000);
  const sessions = await db.openingSession.findMany({
    where: { OR: [{ state: { notIn: ["CLOSED", "FAILED"] } }, { openedAt: { gte: since } }] },
    orderBy: { openedAt: "desc" },
    take: 20,
    select: { id: true, lotId: true, state: true, openedAt: true },
  });
  const [lots, mine] = await Promise.all([
    db.lot.findMany({
      where: { id: { in: sessions.map((s) => s.lotId) } },
      select: { id: true, lotNo: true, title: true, project: { select: { code: true, title: true } } },
    }),
    db.supervisorAttendance.findMany({ where: { kind: "OPENING", refId: { in: sessions.map((s) => s.id) }, supervisorId: actor.userId ?? undefined }, select: { refId: true } }),
  ]);
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  const signed = new Set(mine.map((m) => m.refId));
  return sessions.flatMap((s) => {
    const l = lotOf.get(s.lotId);
    return l
      ? [{ lotId: l.id, lotNo: l.lotNo, title: l.title, projectCode: l.project.code, projectTitle: l.project.title, state: s.state, openedAt: s.openedAt.toISOString(), signedIn: signed.has(s.id) }]
      : [];
  });
}

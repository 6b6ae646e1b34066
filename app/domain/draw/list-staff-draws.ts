import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { staffProjectWhere } from "~/domain/tenders/staff-lot-scope";
import { getDb, type Db } from "~/lib/db.server";

/**
 * (draw UI) The draws of the lots a staff member handles (centre staff: all; a buyer's or agent's staff:
 * their own projects), newest first — numbers and statuses only, like listDraws. `drawId` narrows to one
 * draw, which is how the detail page checks that the draw is in the caller's scope.
 */
export async function listStaffDraws(actor: Actor, input: { drawId?: string } = {}, db: Db = getDb()) {
  assertCan(actor, "draw.request");
  const project = await staffProjectWhere(db, actor);
  const lots = await db.lot.findMany({ where: { project }, select: { id: true, title: true, lotNo: true, project: { select: { code: true } } } });
  const label = new Map(lots.map((l) => [l.id, `${l.project.code}（${l.lotNo} ${l.title}）`]));
  const rows = await db.draw.findMany({
    where: { lotId: { in: [...label.keys()] }, ...(input.drawId ? { id: input.drawId } : {}) },
    orderBy: { requestedAt: "desc" },
    take: 200,
    select: { id: true, lotId: true, seq: true, kind: true, status: true, evaluationAt: true, evaluationPlace: true, commitment: true, requestedAt: true, _count: { select: { members: true } } },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, lotLabel: label.get(r.lotId) ?? r.lotId, seats: _count.members }));
}

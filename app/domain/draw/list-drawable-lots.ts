import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { staffProjectWhere } from "~/domain/tenders/staff-lot-scope";
import { getDb, type Db } from "~/lib/db.server";
import { DRAWABLE_LOT_STATES } from "./draw-facts";

/**
 * (draw UI) What the new-draw form needs: the lots in the caller's scope that may have experts drawn now,
 * and the specialty tree (leaves are drawable; parents group them). Read-only.
 */
export async function listDrawableLots(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "draw.request");
  const lots = await db.lot.findMany({
    where: { status: { in: [...DRAWABLE_LOT_STATES] }, project: await staffProjectWhere(db, actor) },
    orderBy: { bidDeadline: "asc" },
    take: 200,
    select: { id: true, lotNo: true, title: true, status: true, bidDeadline: true, project: { select: { code: true, title: true } } },
  });
  const specialties = await db.specialty.findMany({ orderBy: [{ code: "asc" }], select: { code: true, parentCode: true, name: true, nameEn: true, level: true } });
  const parents = new Set(specialties.map((s) => s.parentCode).filter(Boolean));
  return {
    lots: lots.map((l) => ({ id: l.id, label: `${l.project.code} ${l.project.title}（${l.lotNo} ${l.title}）`, status: l.status, bidDeadline: l.bidDeadline })),
    specialties: specialties.map((s) => ({ ...s, leaf: !parents.has(s.code) })),
  };
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/**
 * The signed-in expert's own calls: evaluation time and place, specialty, deadline and status — never the
 * lot, buyer or bidders (so nobody can be approached before the evaluation). Backups not yet called are
 * not shown: they have not been asked anything.
 */
export async function listMyAssignments(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "draw.confirm");
  const expert = await db.expert.findUnique({ where: { userId: actor.userId ?? "00000000-0000-0000-0000-000000000000" }, select: { id: true, code: true, name: true } });
  if (!expert) return { expert: null, assignments: [] };
  const rows = await db.drawMember.findMany({
    where: { expertId: expert.id, status: { not: "STANDBY" }, draw: { status: { not: "CANCELLED" } } },
    orderBy: { notifiedAt: "desc" },
    take: 50,
    select: {
      id: true, specialtyCode: true, status: true, respondBy: true, notifiedAt: true, respondedAt: true,
      draw: { select: { evaluationAt: true, evaluationPlace: true } },
    },
  });
  // The specialty's name beside its code: an expert should not have to decode "A0101".
  const names = new Map(
    (await db.specialty.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.specialtyCode))] } }, select: { code: true, name: true } })).map((s) => [s.code, s.name]),
  );
  const now = Date.now();
  return {
    expert,
    assignments: rows.map((r) => ({
      memberId: r.id,
      specialtyCode: r.specialtyCode,
      specialtyName: names.get(r.specialtyCode) ?? "",
      status: r.status,
      respondBy: r.respondBy,
      notifiedAt: r.notifiedAt,
      respondedAt: r.respondedAt,
      evaluationAt: r.draw.evaluationAt,
      evaluationPlace: r.draw.evaluationPlace,
      canRespond: r.status === "NOTIFIED" && !!r.respondBy && r.respondBy.getTime() > now,
    })),
  };
}

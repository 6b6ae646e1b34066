import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/** (staff) Pending specialty-change requests, oldest first, with the expert's current codes beside the asked ones. */
export async function listSpecialtyRequests(actor: Actor, db: Db = getDb()) {
  assertCan(actor, "expert.manage");
  const rows = await db.expertSpecialtyRequest.findMany({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: {
      id: true, codes: true, note: true, createdAt: true,
      expert: { select: { id: true, code: true, name: true, specialties: { select: { specialtyCode: true } } } },
    },
  });
  return rows.map(({ expert, ...r }) => ({
    ...r,
    expertId: expert.id,
    expertCode: expert.code,
    expertName: expert.name,
    current: expert.specialties.map((s) => s.specialtyCode).sort(),
  }));
}

import { getDb, type Db } from "~/lib/db.server";

/** Who attended a lot's draws and opening (重大项目现场监督), oldest first, with names; instants as ISO. */
export async function listSupervisorAttendance(lotId: string, db: Db = getDb()) {
  const rows = await db.supervisorAttendance.findMany({ where: { lotId }, orderBy: { at: "asc" }, take: 50 });
  const users = await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.supervisorId))] } }, select: { id: true, displayName: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({ kind: r.kind, name: nameOf.get(r.supervisorId) ?? "", at: r.at.toISOString() }));
}

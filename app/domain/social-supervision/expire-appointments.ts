import { systemActor } from "~/domain/actor";
import type { Db } from "~/lib/db.server";
import { transitionAppointment } from "./appointment-lifecycle";

const SYSTEM = systemActor("social-supervision");

/**
 * Ends every live appointment whose term is over (→ EXPIRED, assignments revoked, audited). The scope
 * query already ignores ended terms, so a late run exposes nothing; this keeps the records honest.
 */
export async function expireAppointments(db: Db, now = new Date()): Promise<number> {
  const due = await db.socialSupervisorAppointment.findMany({
    where: { status: { in: ["NOMINATED", "ACTIVE", "SUSPENDED"] }, termEnd: { lte: now } },
    select: { id: true, status: true },
    take: 1000,
  });
  let n = 0;
  for (const a of due)
    if (await db.$transaction((tx) => transitionAppointment(tx, SYSTEM, a.id, "expire", { expected: a.status, detail: { termEnded: true } }))) n++;
  return n;
}

import type { Actor } from "~/domain/actor";
import type { Tx } from "~/lib/db.server";

/**
 * 重大项目现场监督: records that a supervisor attended a lot's draw (it added the entropy) or its opening
 * (it signed in to the hall). Idempotent per (kind, ref, supervisor). Recorded for every lot, so a lot
 * that becomes major later (threshold lowered) still has its history; the alert looks at major lots only.
 */
export async function recordSupervisorAttendance(
  tx: Tx,
  actor: Actor,
  input: { lotId: string; kind: "DRAW" | "OPENING"; refId: string; at?: Date },
): Promise<boolean> {
  if (actor.role !== "SUPERVISOR" || !actor.userId) return false;
  const r = await tx.supervisorAttendance.createMany({
    data: [{ lotId: input.lotId, kind: input.kind, refId: input.refId, supervisorId: actor.userId, at: input.at ?? new Date() }],
    skipDuplicates: true,
  });
  return r.count > 0;
}

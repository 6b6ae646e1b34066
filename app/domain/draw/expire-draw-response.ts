import type { Actor } from "~/domain/actor";
import { assertWorker } from "./assert-worker";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb, type Db } from "~/lib/db.server";
import { fillSeat } from "./call-next-backup";

/**
 * The deadline of a call passed (job drawResponseTimeout): a member still NOTIFIED is TIMED_OUT and the
 * next backup is called in the same transaction. An answered call, or a job that fires early (clock skew,
 * manual retry), changes nothing.
 */
export async function expireDrawResponse(actor: Actor, input: { memberId: string; respondByMs: number }, db: Db = getDb()) {
  assertWorker(actor);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "DrawMember" WHERE id = ${input.memberId}::uuid FOR UPDATE`;
      const m = await tx.drawMember.findUnique({ where: { id: input.memberId } });
      if (!m || m.status !== "NOTIFIED" || !m.respondBy) return { outcome: "ANSWERED" as const };
      if (m.respondBy.getTime() !== input.respondByMs || Date.now() < m.respondBy.getTime()) return { outcome: "NOT_DUE" as const };
      await tx.drawMember.update({ where: { id: m.id }, data: { status: "TIMED_OUT" } });
      await appendAudit(tx, actor, {
        action: "draw.member_timed_out",
        entityType: "DrawMember",
        entityId: m.id,
        before: { status: "NOTIFIED" },
        after: { status: "TIMED_OUT" },
        detail: { drawId: m.drawId, specialty: m.specialtyCode, respondBy: m.respondBy.toISOString() },
      });
      return fillSeat(tx, actor, m.id);
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

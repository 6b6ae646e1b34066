import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { drawCallBackup } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { respondSchema } from "./schemas";

/**
 * A drawn expert confirms or declines their own assignment before the deadline. A decline enqueues the
 * backup call (worker job drawCallBackup), so the replacement happens by itself and is audited as SYSTEM.
 * After the deadline nothing changes: the timeout job has called (or will call) the backup.
 */
export async function respondToDraw(actor: Actor, raw: { memberId: string; accept: boolean | "true" | "false"; reason?: string }, db: Db = getDb()) {
  assertCan(actor, "draw.confirm");
  const input = respondSchema.parse(raw);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "DrawMember" WHERE id = ${input.memberId}::uuid FOR UPDATE`;
    const m = await tx.drawMember.findUnique({ where: { id: input.memberId } });
    const expert = m ? await tx.expert.findUnique({ where: { id: m.expertId }, select: { userId: true } }) : null;
    // Someone else's assignment looks exactly like a missing one.
    if (!m || !expert || expert.userId !== actor.userId) throw new DomainError("experts:errors.assignmentNotFound", {}, 404);
    if (m.status !== "NOTIFIED") throw new DomainError("experts:errors.alreadyAnswered", {}, 409);
    const now = new Date();
    if (!m.respondBy || now > m.respondBy) throw new DomainError("experts:errors.responseTooLate", {}, 409);
    if (!input.accept && !input.reason) throw new DomainError("experts:errors.declineReasonRequired", {}, 422, "reason");
    const status = input.accept ? ("CONFIRMED" as const) : ("DECLINED" as const);
    await tx.drawMember.update({ where: { id: m.id }, data: { status, respondedAt: now, declineReason: input.accept ? null : input.reason } });
    await appendAudit(tx, actor, {
      action: input.accept ? "draw.member_confirmed" : "draw.member_declined",
      entityType: "DrawMember",
      entityId: m.id,
      before: { status: m.status },
      after: { status },
      detail: { drawId: m.drawId, specialty: m.specialtyCode },
    });
    if (!input.accept) await enqueueJob(tx, drawCallBackup, { memberId: m.id });
    return { status };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { lockOwnExpert } from "./own-expert";

/**
 * (self-service) The expert withdraws a FUTURE leave. One that has started is history the draw may already
 * have relied on (avoidance counts on a draw record): it stays. Another expert's leave reads as not found.
 */
export async function removeMyLeave(actor: Actor, input: { leaveId: string }, db: Db = getDb(), now = new Date()) {
  assertCan(actor, "expert.profile.update");
  return db.$transaction(async (tx) => {
    const e = await lockOwnExpert(tx, actor);
    const leave = await tx.expertLeave.findFirst({ where: { id: input.leaveId, expertId: e.id } });
    if (!leave) throw new DomainError("experts:errors.leaveNotFound", {}, 404);
    if (leave.startsAt.getTime() <= now.getTime()) throw new DomainError("experts:errors.leaveStarted", {}, 409);
    await tx.expertLeave.delete({ where: { id: leave.id } });
    await appendAudit(tx, actor, {
      action: "expert.leave_removed",
      entityType: "Expert",
      entityId: e.id,
      before: { leaveId: leave.id, startsAt: leave.startsAt.toISOString(), endsAt: leave.endsAt.toISOString() },
      detail: { code: e.code, leaveId: leave.id, startsAt: leave.startsAt.toISOString(), endsAt: leave.endsAt.toISOString() },
    });
    return { removed: true };
  });
}

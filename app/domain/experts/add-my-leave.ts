import type { Actor } from "~/domain/actor";
import { parseOrThrow } from "~/domain/accounts/field-errors";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { lockOwnExpert } from "./own-expert";
import { LEAVE_MAX_AHEAD_DAYS, leaveSchema, type LeaveInput } from "./profile-schemas";

/** Enough for a year of planned absences; more would be a form being abused. */
const MAX_FUTURE_LEAVES = 50;

/**
 * (self-service) The expert records a period they cannot evaluate (不可参加评标的时段). The draw's
 * eligibility scan reads ExpertLeave directly, so the leave counts for every draw requested after the
 * commit. Only the future: a leave may not start in the past nor end more than a year ahead, and may
 * not overlap one already recorded (one period per absence keeps removal unambiguous).
 */
export async function addMyLeave(actor: Actor, input: Omit<LeaveInput, "intent">, db: Db = getDb(), now = new Date()) {
  assertCan(actor, "expert.profile.update");
  const v = parseOrThrow(leaveSchema, { ...input, intent: "addLeave" });
  // A minute of grace: the form's default "now" must not be refused for the seconds it took to submit.
  if (v.startsAt.getTime() < now.getTime() - 60_000) throw new DomainError("experts:errors.leaveInPast", {}, 422, "startsAt");
  if (v.endsAt.getTime() > now.getTime() + LEAVE_MAX_AHEAD_DAYS * 86_400_000)
    throw new DomainError("experts:errors.leaveTooFar", { days: LEAVE_MAX_AHEAD_DAYS }, 422, "endsAt");
  return db.$transaction(async (tx) => {
    const e = await lockOwnExpert(tx, actor);
    const overlap = await tx.expertLeave.findFirst({ where: { expertId: e.id, startsAt: { lt: v.endsAt }, endsAt: { gt: v.startsAt } }, select: { id: true } });
    if (overlap) throw new DomainError("experts:errors.leaveOverlap", {}, 409, "startsAt");
    if ((await tx.expertLeave.count({ where: { expertId: e.id, endsAt: { gt: now } } })) >= MAX_FUTURE_LEAVES)
      throw new DomainError("experts:errors.leaveTooMany", { max: MAX_FUTURE_LEAVES }, 422);
    const leave = await tx.expertLeave.create({ data: { expertId: e.id, startsAt: v.startsAt, endsAt: v.endsAt, reason: v.reason } });
    await appendAudit(tx, actor, {
      action: "expert.leave_added",
      entityType: "Expert",
      entityId: e.id,
      after: { leaveId: leave.id, startsAt: leave.startsAt.toISOString(), endsAt: leave.endsAt.toISOString() },
      detail: { code: e.code, leaveId: leave.id, startsAt: leave.startsAt.toISOString(), endsAt: leave.endsAt.toISOString() },
    });
    return { leaveId: leave.id };
  });
}

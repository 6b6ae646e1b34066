import type { Actor } from "~/domain/actor";
import { can, type Permission } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import type { SocialSupervisorStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";

/**
 * THE social-supervisor appointment state machine (社会监督员聘任). Every change of
 * SocialSupervisorAppointment.status goes through `transitionAppointment`; a pair (from, event) not in
 * TRANSITIONS is refused. NOMINATED → ACTIVE when the person signs the agreement (聘任协议); a supervisor
 * may suspend, reinstate or dismiss (解聘); the term's end expires it (the daily job, as SYSTEM).
 */
export type AppointmentEvent = "sign_agreement" | "suspend" | "reinstate" | "dismiss" | "expire" | "withdraw";

export const APPOINTMENT_STATUSES: readonly SocialSupervisorStatus[] = ["NOMINATED", "ACTIVE", "SUSPENDED", "DISMISSED", "EXPIRED"];
export const LIVE_APPOINTMENT: readonly SocialSupervisorStatus[] = ["NOMINATED", "ACTIVE", "SUSPENDED"];

type Trigger = Permission | "SYSTEM";

export interface AppointmentTransition {
  event: AppointmentEvent;
  from: SocialSupervisorStatus;
  to: SocialSupervisorStatus;
  by: readonly Trigger[];
}

export const APPOINTMENT_TRANSITIONS: readonly AppointmentTransition[] = [
  { event: "sign_agreement", from: "NOMINATED", to: "ACTIVE", by: ["social_supervision.self"] },
  // A nomination nobody signed can be withdrawn by whoever may nominate (it ends as DISMISSED, with the reason).
  { event: "withdraw", from: "NOMINATED", to: "DISMISSED", by: ["social_supervisor.nominate"] },
  { event: "suspend", from: "ACTIVE", to: "SUSPENDED", by: ["social_supervisor.manage"] },
  { event: "reinstate", from: "SUSPENDED", to: "ACTIVE", by: ["social_supervisor.manage"] },
  { event: "dismiss", from: "ACTIVE", to: "DISMISSED", by: ["social_supervisor.manage"] },
  { event: "dismiss", from: "SUSPENDED", to: "DISMISSED", by: ["social_supervisor.manage"] },
  { event: "expire", from: "ACTIVE", to: "EXPIRED", by: ["SYSTEM"] },
  { event: "expire", from: "SUSPENDED", to: "EXPIRED", by: ["SYSTEM"] },
  { event: "expire", from: "NOMINATED", to: "EXPIRED", by: ["SYSTEM"] },
];

const byKey = new Map(APPOINTMENT_TRANSITIONS.map((t) => [`${t.from}|${t.event}`, t]));
if (byKey.size !== APPOINTMENT_TRANSITIONS.length) throw new Error("appointment-lifecycle: duplicate (from, event)");

/** Pure decision: the target state, or a DomainError (unit-tested over the whole table). */
export function planAppointmentTransition(from: SocialSupervisorStatus, actor: Actor, event: AppointmentEvent): SocialSupervisorStatus {
  const t = byKey.get(`${from}|${event}`);
  if (!t) throw new DomainError("social:errors.transitionNotAllowed", { from, event }, 409);
  const allowed = t.by.some((p) => (p === "SYSTEM" ? actor.role === "SYSTEM" : can(actor.role, p)));
  if (!allowed) throw new DomainError("common:errors.forbidden", { permission: `appointment.${event}` }, 403);
  return t.to;
}

/**
 * Applies `event` if the appointment is still in `expected` (conditional UPDATE: a concurrent or repeated
 * call changes nothing and returns false). Audited in the caller's transaction.
 */
export async function transitionAppointment(
  tx: Tx,
  actor: Actor,
  id: string,
  event: AppointmentEvent,
  opts: { expected: SocialSupervisorStatus; data?: Record<string, unknown>; detail?: Record<string, unknown> },
): Promise<boolean> {
  const to = planAppointmentTransition(opts.expected, actor, event);
  const now = new Date();
  const ends = to === "DISMISSED" || to === "EXPIRED";
  const { count } = await tx.socialSupervisorAppointment.updateMany({
    where: { id, status: opts.expected },
    data: {
      status: to,
      ...(to === "SUSPENDED" ? { suspendedAt: now } : {}),
      ...(event === "reinstate" ? { suspendedAt: null } : {}),
      ...(ends ? { endedAt: now, endedById: actor.userId } : {}),
      ...opts.data,
    },
  });
  if (count === 0) return false;
  // An ended appointment watches nothing any more.
  if (ends)
    await tx.socialSupervisionAssignment.updateMany({
      where: { appointmentId: id, status: { in: ["ACTIVE", "RECUSAL_REQUESTED"] } },
      data: { status: "REVOKED", decidedAt: now, decidedById: actor.userId, decisionNote: event },
    });
  await appendAudit(tx, actor, {
    action: `social_supervisor.${event}`,
    entityType: "SocialSupervisorAppointment",
    entityId: id,
    before: { status: opts.expected },
    after: { status: to },
    detail: { from: opts.expected, to, ...opts.detail },
  });
  return true;
}

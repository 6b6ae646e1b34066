import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { planAppointmentTransition, transitionAppointment, type AppointmentEvent } from "./appointment-lifecycle";
import { loadAppointmentForUpdate, requiredText } from "./load-appointment";

const MANUAL: readonly AppointmentEvent[] = ["suspend", "reinstate", "dismiss", "withdraw"];

/**
 * A supervisor suspends, reinstates or dismisses (解聘) a social supervisor; whoever may nominate may
 * withdraw an unsigned nomination. A reason is required except to reinstate. Dismissal revokes every
 * live assignment (appointment-lifecycle.ts). Who may do which is the state table's `by`.
 */
export async function changeAppointment(actor: Actor, input: { appointmentId: string; event: string; reason?: string }) {
  const event = input.event as AppointmentEvent;
  if (!MANUAL.includes(event)) throw new DomainError("common:errors.invalidForm", {}, 400);
  const reason = event === "reinstate" ? (input.reason ?? "").trim().slice(0, 2000) : requiredText(input.reason, "reason", 2, 2000);
  return getDb().$transaction(async (tx) => {
    const a = await loadAppointmentForUpdate(tx, input.appointmentId);
    planAppointmentTransition(a.status, actor, event);
    const ends = event === "dismiss" || event === "withdraw";
    await transitionAppointment(tx, actor, a.id, event, {
      expected: a.status,
      data: ends ? { endReason: reason } : {},
      detail: reason ? { reason: reason.slice(0, 500) } : {},
    });
    return { appointmentId: a.id };
  });
}

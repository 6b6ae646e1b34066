import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { transitionAppointment } from "./appointment-lifecycle";
import { AGREEMENT_VERSION, DUTIES } from "./duties";
import { renderSocialSupervisorCertificate } from "./jobs";
import { loadAppointmentForUpdate } from "./load-appointment";

/**
 * 签署聘任协议: the nominated person accepts the agreement (its version and the duties listed on the page
 * they read) → ACTIVE; the certificate (聘书) is rendered by the documents worker. Only the person
 * themselves, only their own nomination, only the current agreement version, and before the term ends.
 */
export async function signAgreement(actor: Actor, input: { appointmentId: string; agreementVersion: string; accept: boolean }, now = new Date()) {
  assertCan(actor, "social_supervision.self");
  if (input.accept !== true) throw new DomainError("social:errors.mustAccept", {}, 422, "accept");
  return getDb().$transaction(async (tx) => {
    const a = await loadAppointmentForUpdate(tx, input.appointmentId);
    if (a.userId !== actor.userId) throw new DomainError("social:errors.appointmentNotFound", {}, 404);
    if (a.status !== "NOMINATED") throw new DomainError("social:errors.transitionNotAllowed", { from: a.status, event: "sign_agreement" }, 409);
    if (input.agreementVersion !== AGREEMENT_VERSION) throw new DomainError("social:errors.agreementOutdated", {}, 409);
    if (a.termEnd <= now) throw new DomainError("social:errors.termEnded", {}, 409);
    await transitionAppointment(tx, actor, a.id, "sign_agreement", {
      expected: "NOMINATED",
      data: { agreementSignedAt: now, agreementVersion: AGREEMENT_VERSION, duties: [...DUTIES] },
      detail: { agreementVersion: AGREEMENT_VERSION },
    });
    await enqueueJob(tx, renderSocialSupervisorCertificate, { appointmentId: a.id });
    return { appointmentId: a.id };
  });
}

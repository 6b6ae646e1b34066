import { CENTRE_TZ } from "~/lib/time";
import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Social-supervision jobs, registered in app/jobs/definitions.ts. */

/** 聘书 PDF; attaches it to SocialSupervisorAppointment.certificateDocumentId (enqueued by signAgreement). */
export const renderSocialSupervisorCertificate = defineJob({
  queue: "documents",
  name: "renderSocialSupervisorCertificate",
  payload: z.object({ appointmentId: z.uuid() }),
  jobId: (p) => `social-certificate-${p.appointmentId}`,
  attempts: 8,
  handler: () => import("./render-certificate-job"),
});

/** Appointments whose term has ended become EXPIRED (daily, shortly after midnight Shanghai time). */
export const expireSocialAppointmentsJob = defineJob({
  queue: "maintenance",
  name: "expireSocialAppointments",
  payload: z.object({}),
  jobId: () => "expire-social-appointments",
  attempts: 3,
  schedule: { pattern: "5 0 * * *", tz: CENTRE_TZ, scheduledPayload: {} },
  handler: () => import("./expire-appointments-job"),
});

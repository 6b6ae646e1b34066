import { systemActor } from "~/domain/actor";
import { generateCertificateDocument } from "./generate-certificate-document";

/** Worker entry of the `renderSocialSupervisorCertificate` job. */
export default async function renderCertificateJob(payload: { appointmentId: string }) {
  return generateCertificateDocument(systemActor("worker:documents"), payload);
}

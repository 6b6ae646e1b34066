import { systemActor } from "~/domain/actor";
import { generateRegistrationCertificate } from "~/domain/documents/generate-registration-certificate";

/** Handler of renderRegistrationCertificate (runs in the sandboxed documents processor). */
export default async function renderRegistrationCertificate(payload: { orgId: string }) {
  return generateRegistrationCertificate(systemActor("worker:documents"), payload);
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb, type Db } from "~/lib/db.server";

/**
 * Same value as REGISTRATION_CERTIFICATE_KIND (generate-registration-certificate.ts), written out so the
 * web server does not import the PDF renderer (pdfkit stays in the worker).
 */
const KIND = "registration-certificate";

/** The worker renders a certificate within seconds of registering; past this, none is on its way. */
const PENDING_FOR_MS = 15 * 60_000;

export type RegistrationCertificate =
  | { status: "ready"; id: string; number: string; createdAt: Date }
  | { status: "pending" };

/**
 * The 企业注册证明 of the actor's own organisation: ready (with its document), pending (registered moments
 * ago, the worker is still rendering it) or null (the organisation has none, e.g. one created by the
 * seed or by an administrator rather than by self-registration).
 */
export async function findRegistrationCertificate(actor: Actor, db: Db = getDb(), now = new Date()): Promise<RegistrationCertificate | null> {
  assertCan(actor, "org.certificate.read");
  if (!actor.orgId) return null;
  const doc = await db.document.findFirst({
    where: { kind: KIND, entityType: "Organisation", entityId: actor.orgId },
    select: { id: true, number: true, createdAt: true },
  });
  if (doc) return { status: "ready", ...doc };
  const org = await db.organisation.findUnique({ where: { id: actor.orgId }, select: { createdAt: true } });
  return org && now.getTime() - org.createdAt.getTime() < PENDING_FOR_MS ? { status: "pending" } : null;
}

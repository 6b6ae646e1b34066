import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { LotStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/lib/db.server";
import { formatInstant } from "./announcement-text";

/**
 * The request path enforces the lot's instants itself, against the server clock, whether or not the
 * scheduled job for that instant has run yet: these helpers are the single place that does it.
 */
export function assertLotOpenToBidders(lot: { status: LotStatus }): void {
  if (lot.status === "SUSPENDED") throw new DomainError("tenders:errors.notSuspendedLot", {}, 423);
  if (lot.status !== "PUBLISHED") throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);
}

export function assertDocsWindow(lot: { docsAvailableFrom: Date; docsAvailableTo: Date }, now: Date): void {
  if (now < lot.docsAvailableFrom) {
    throw new DomainError("tenders:errors.docsNotYetAvailable", { from: formatInstant(lot.docsAvailableFrom) }, 409);
  }
  if (now >= lot.docsAvailableTo) {
    throw new DomainError("tenders:errors.docsWindowClosed", { to: formatInstant(lot.docsAvailableTo) }, 409);
  }
}

/** The caller's organisation's registration for the lot, or a refusal. */
export async function requireRegistration(tx: Tx, actor: Actor, lotId: string) {
  if (!actor.orgId) throw new DomainError("tenders:errors.notRegistered", {}, 403);
  const reg = await tx.lotRegistration.findUnique({ where: { lotId_bidderOrgId: { lotId, bidderOrgId: actor.orgId } } });
  if (!reg) throw new DomainError("tenders:errors.notRegistered", {}, 403);
  return reg;
}

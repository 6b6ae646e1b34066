import { requireOrgId, type Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertDocsWindow, assertLotOpenToBidders } from "./bidder-window";
import { assertUuid } from "./load-lot";

/**
 * 获取招标文件: the bidder's organisation registers for the lot, within the documents window (server
 * clock). Registering twice returns the first registration. Who registered stays secret (getRegisteredBidders).
 */
export async function registerForLot(actor: Actor, input: { lotId: string }, now = new Date()) {
  assertCan(actor, "tender.register");
  assertUuid(input.lotId);
  const orgId = requireOrgId(actor);
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId } });
    if (!lot || !lot.publishedAt) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    assertLotOpenToBidders(lot);
    assertDocsWindow(lot, now);
    // Insert-or-nothing (two clicks at once must not fail on the unique key), then read what is there.
    const { count } = await tx.lotRegistration.createMany({
      data: [{ lotId: lot.id, bidderOrgId: orgId, userId: actor.userId, registeredAt: now }],
      skipDuplicates: true,
    });
    const registration = await tx.lotRegistration.findUniqueOrThrow({
      where: { lotId_bidderOrgId: { lotId: lot.id, bidderOrgId: orgId } },
    });
    if (count === 0) return { registration, created: false };
    await appendAudit(tx, actor, {
      action: "lot.registered",
      entityType: "Lot",
      entityId: lot.id,
      after: registration,
      detail: { registrationId: registration.id },
    });
    return { registration, created: true };
  });
}

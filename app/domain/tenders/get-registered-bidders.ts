import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertUuid } from "./load-lot";
import { maySeeParties } from "./parties-revealed";
import { assertStaffScope } from "./staff-scope";

/**
 * The secret list of bidders registered for a lot, with their download counts: the supervision authority,
 * and the responsible staff (scope) once the bid deadline has passed (parties-revealed.ts: before it not even
 * their number). Each read is itself audited — who looked at the list is part of the record.
 */
export async function getRegisteredBidders(actor: Actor, input: { lotId: string }) {
  assertCan(actor, "tender.read_internal");
  assertUuid(input.lotId);
  return getDb().$transaction(async (tx) => {
    const lot = await tx.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
    if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
    await assertStaffScope(tx, actor, lot.project);
    if (!(await maySeeParties(tx, actor, lot))) return { sealedUntil: lot.bidDeadline, bidders: [] };
    const regs = await tx.lotRegistration.findMany({
      where: { lotId: lot.id },
      orderBy: { registeredAt: "asc" },
      include: { _count: { select: { downloads: true } } },
    });
    const orgs = await tx.organisation.findMany({
      where: { id: { in: regs.map((r) => r.bidderOrgId) } },
      select: { id: true, name: true, creditCode: true },
    });
    const users = await tx.user.findMany({
      where: { id: { in: regs.map((r) => r.userId) } },
      select: { id: true, displayName: true },
    });
    await appendAudit(tx, actor, {
      action: "lot.registrations_read",
      entityType: "Lot",
      entityId: lot.id,
      detail: { count: regs.length },
    });
    const bidders = regs.map((r) => ({
      registrationId: r.id,
      orgId: r.bidderOrgId,
      orgName: orgs.find((o) => o.id === r.bidderOrgId)?.name ?? "",
      creditCode: orgs.find((o) => o.id === r.bidderOrgId)?.creditCode ?? "",
      userName: users.find((u) => u.id === r.userId)?.displayName ?? "",
      registeredAt: r.registeredAt,
      downloads: r._count.downloads,
    }));
    return { sealedUntil: null, bidders };
  });
}

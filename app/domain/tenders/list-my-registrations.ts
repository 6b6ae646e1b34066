import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";

/**
 * (tender workflow UI) The bidder's dashboard: the lots its organisation registered for (获取招标文件), with
 * their instants and state. Only the caller's own organisation — never anyone else's registrations.
 */
export async function listMyRegistrations(actor: Actor, now = new Date()) {
  assertCan(actor, "tender.register");
  if (!actor.orgId) return { serverNow: now, items: [] };
  const regs = await getDb().lotRegistration.findMany({
    where: { bidderOrgId: actor.orgId },
    orderBy: { registeredAt: "desc" },
    take: 200,
    select: {
      registeredAt: true,
      _count: { select: { downloads: true } },
      lot: {
        select: {
          id: true, lotNo: true, title: true, status: true, bidDeadline: true, clarificationCutoff: true, objectionCutoff: true,
          docsAvailableTo: true, project: { select: { code: true, title: true, procurementType: true } },
        },
      },
    },
  });
  return {
    serverNow: now,
    items: regs.map((r) => ({ ...r.lot, registeredAt: r.registeredAt, downloads: r._count.downloads })),
  };
}

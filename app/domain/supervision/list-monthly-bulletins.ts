import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

export const MONTHLY_BULLETIN_KIND = "monthly-bulletin";

/** The stored bulletins, newest month first. */
export async function listMonthlyBulletins(actor: Actor) {
  assertCan(actor, "statistics.read");
  const docs = await getDb().document.findMany({
    where: { kind: MONTHLY_BULLETIN_KIND, entityType: "Month" },
    orderBy: { entityId: "desc" },
    take: 120,
    select: { id: true, number: true, entityId: true, size: true, sha256: true, createdAt: true },
  });
  return docs.map((d) => ({ id: d.id, number: d.number, month: d.entityId, size: d.size, sha256: d.sha256, createdAt: d.createdAt.toISOString() }));
}

/** One bulletin's Document row for its download route (404 for anything that is not a bulletin). */
export async function findMonthlyBulletin(actor: Actor, id: string) {
  assertCan(actor, "statistics.read");
  const ok = UUID.test(id);
  const doc = ok ? await getDb().document.findUnique({ where: { id } }) : null;
  if (!doc || doc.kind !== MONTHLY_BULLETIN_KIND) throw new DomainError("supervision:errors.bulletinNotFound", {}, 404);
  return doc;
}

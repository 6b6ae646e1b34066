import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";


/** An export's progress for the page that polls it; only the supervisor who asked for it sees it (404 otherwise). */
export async function getAuditExport(actor: Actor, id: string) {
  assertCan(actor, "audit.log.export");
  const row = UUID.test(id) ? await getDb().auditExport.findUnique({ where: { id } }) : null;
  if (!row || row.requestedById !== actor.userId) throw new DomainError("supervision:errors.exportNotFound", {}, 404);
  return {
    id: row.id,
    filter: row.filter,
    status: row.status,
    total: row.total,
    processed: row.processed,
    documentId: row.documentId,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

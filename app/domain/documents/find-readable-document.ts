import { can } from "~/domain/accounts/permissions";
import type { Document } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The document `id` if `viewer` may read it, else null — whether it does not exist or is not theirs, so
 * that callers cannot tell the two apart. Public documents: anyone. Others: users of the owner
 * organisation, and roles holding document.read_internal (staff, supervisors).
 */
export async function findReadableDocument(
  viewer: { role: Role; orgId: string } | null,
  id: string,
  db: Db = getDb(),
): Promise<Document | null> {
  if (!UUID.test(id)) return null;
  const doc = await db.document.findUnique({ where: { id } });
  if (!doc) return null;
  if (doc.public) return doc;
  if (!viewer) return null;
  if (doc.ownerOrgId !== null && doc.ownerOrgId === viewer.orgId) return doc;
  if (can(viewer.role, "document.read_internal")) return doc;
  return null;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { hallRoleOf, loadSession } from "~/domain/opening/hall-access";
import { requirePermission } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { getDb } from "~/lib/db.server";
import { orHttp } from "~/lib/http.server";

/**
 * GET /hall/:lotId/record — the 开标记录表 PDF for everyone admitted to the hall (the lot's bidders,
 * host, supervisors). The Document itself is internal (ownerOrgId null): admission is checked here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "opening.read");
  const db = getDb();
  const lotId = params.lotId ?? "";
  return orHttp(async () => {
    await hallRoleOf(db, actor, lotId);
    const s = await loadSession(db, lotId);
    if (!s.recordDocumentId) return new Response(null, { status: 404 });
    const doc = await db.document.findUniqueOrThrow({ where: { id: s.recordDocumentId } });
    return storedDocumentResponse(doc, "inline");
  });
}

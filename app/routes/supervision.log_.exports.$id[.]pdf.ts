import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuditExport } from "~/domain/supervision/get-audit-export";
import { requirePermission } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { orHttp } from "~/lib/http.server";
import { getDb } from "~/lib/db.server";

/** GET /supervision/log/exports/:id.pdf — the finished export, to the supervisor who asked for it only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  const x = await orHttp(getAuditExport(actor, params.id ?? ""));
  const doc = x.documentId ? await getDb().document.findUnique({ where: { id: x.documentId } }) : null;
  if (!doc) return new Response("Not ready", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return storedDocumentResponse(doc);
}

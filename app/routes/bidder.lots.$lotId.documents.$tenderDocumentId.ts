import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { recordDownload } from "~/domain/tenders/record-download";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { orHttp } from "~/lib/http.server";
import { getStorage } from "~/lib/storage.server";

/**
 * GET /bidder/lots/:lotId/documents/:tenderDocumentId — a registered bidder downloads a tender document.
 * recordDownload checks registration and the documents window on the server clock and logs the download
 * (DocumentDownload + audit) before a byte is sent. Tender documents are not public Documents, so
 * /documents/:id (public, owner or staff) would refuse a bidder: this route serves them instead.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.register");
  return orHttp(async () => {
    const r = await recordDownload(actor, { lotId: params.lotId ?? "", tenderDocumentId: params.tenderDocumentId ?? "" });
    const doc = await getDb().document.findUniqueOrThrow({ where: { id: r.documentId } });
    const fallback = `${doc.number}`.replace(/[^A-Za-z0-9._-]/g, "_");
    const utf8Name = encodeURIComponent(r.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return new Response(createReadableStreamFromReadable(getStorage().get(doc.storageKey)), {
      headers: {
        "Content-Type": doc.mime,
        "Content-Length": String(doc.size),
        "Content-Disposition": `attachment; filename="${fallback}"; filename*=UTF-8''${utf8Name}`,
        "X-Content-SHA256": doc.sha256,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }, { json: { request, ns: ["tenders", "common"] } });
}

import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openLotArchive } from "~/domain/award/open-lot-archive";
import { requirePermission } from "~/lib/auth.server";
import { orHttp } from "~/lib/http.server";
import { getStorage } from "~/lib/storage.server";

/**
 * GET /staff/lots/:lotId/archive.zip — the lot's case archive for its staff and the supervisors (download
 * logged by openLotArchive). Out of scope answers like a missing lot: 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "award.read");
  return orHttp(async () => {
    const a = await openLotArchive(actor, { lotId: params.lotId ?? "" });
    const fallback = `case-archive-${params.lotId}.zip`.replace(/[^A-Za-z0-9._-]/g, "_");
    const utf8Name = encodeURIComponent(a.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return new Response(createReadableStreamFromReadable(getStorage().get(a.storageKey)), {
      headers: {
        "Content-Type": "application/zip",
        ...(a.size != null ? { "Content-Length": String(a.size) } : {}),
        "Content-Disposition": `attachment; filename="${fallback}"; filename*=UTF-8''${utf8Name}`,
        "X-Content-SHA256": a.sha256,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }, { conceal: "tenders:errors.lotNotFound", json: { request, ns: ["award", "tenders", "common"] } });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderSealedDrawRecord } from "~/domain/draw/render-sealed-draw-record";
import { requirePermission } from "~/lib/auth.server";
import { orHttp, uuidParam } from "~/lib/http.server";

/**
 * GET /supervision/draws/:id/record.pdf — the supervisors' sealed copy of the draw record, WITH names:
 * rendered for this request, never stored or cached, and audited by the domain.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.names.read");
  // Not a uuid: the same 404 as a missing draw (and no database error from a malformed id).
  const drawId = uuidParam(params.id);
  return orHttp(async () => {
    const { bytes, fileName } = await renderSealedDrawRecord(actor, { drawId });
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${fileName}"`,
        "Cache-Control": "no-store, private",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}

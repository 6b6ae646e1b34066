import { Readable } from "node:stream";
import type { ActionFunctionArgs } from "@remix-run/node";
import { UPLOAD_EXTENSIONS } from "~/components/tenders/document-upload";
import { DomainError } from "~/domain/errors";
import { addTenderDocument, extensionOf } from "~/domain/tenders/add-tender-document";
import { requirePermission } from "~/lib/auth.server";
import { verifyCsrf } from "~/lib/csrf.server";
import { orHttp } from "~/lib/http.server";

/**
 * POST /staff/lots/:lotId/documents — one tender document as the raw request body (the browser sends the
 * File with XMLHttpRequest for its progress events), streamed into addTenderDocument: no multipart parser
 * and no buffering, so memory stays flat for a 200 MB drawing set. CSRF token in X-CSRF-Token (the body is
 * the file), file name in X-File-Name (URI-encoded). Answers JSON { id, name, size, sha256 }.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  return orHttp(async () => {
    verifyCsrf(request, request.headers.get("x-csrf-token"));
    let name = "";
    try {
      name = decodeURIComponent(request.headers.get("x-file-name") ?? "");
    } catch {
      name = "";
    }
    const ext = extensionOf(name);
    if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
      throw new DomainError("tenders:errors.fileTypeNotAllowed", { ext: ext || "?", allowed: UPLOAD_EXTENSIONS.join(", ") }, 422, "file");
    }
    if (!request.body) throw new DomainError("tenders:errors.fileEmpty", {}, 422, "file");
    const data = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    const td = await addTenderDocument(actor, { lotId: params.lotId ?? "", fileName: name, data });
    return Response.json({ id: td.id, name: td.name, size: td.size, sha256: td.sha256 }, { status: 201, headers: { "Cache-Control": "no-store" } });
  }, { json: { request, ns: ["tenders", "tenders-ui", "common"] } });
}

export function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

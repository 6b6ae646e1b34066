import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { docText } from "~/domain/documents/texts";
import { findReadableDocument } from "~/domain/documents/find-readable-document";
import { getOptionalUser, requireUser } from "~/lib/auth.server";
import { logger } from "~/lib/logger.server";
import { getStorage } from "~/lib/storage.server";

/**
 * GET /documents/:id — streams a stored document. Public documents to anyone; others to the owner
 * organisation's users and to roles with document.read_internal. Anyone else gets the same 404 as for a
 * missing id (existence is not revealed); anonymous visitors are sent to log in first, whatever the id.
 * `?download=1` asks for an attachment instead of inline display.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const doc = await findReadableDocument(user, params.id ?? "");
  const lang = user?.locale === "en" ? "en" : "zh-CN";
  if (!doc) {
    if (!user) await requireUser(request);
    return new Response(docText(lang, "errors.notFound"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  const etag = `"${doc.sha256}"`;
  const cache = doc.public ? "public, max-age=86400, immutable" : "private, no-store";
  // Documents never change once stored: the SHA-256 is a perfect validator.
  if (request.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": cache } });
  }
  const storage = getStorage();
  if (!(await storage.exists(doc.storageKey))) {
    logger.error({ documentId: doc.id, storageKey: doc.storageKey }, "document row without its file");
    return new Response("Document file missing", { status: 500, headers: { "Content-Type": "text/plain" } });
  }

  const ext = doc.mime === "application/pdf" ? ".pdf" : "";
  const disposition = new URL(request.url).searchParams.get("download") === "1" ? "attachment" : "inline";
  // ASCII fallback (the document number) for old clients, the Chinese title for the rest (RFC 6266/5987).
  const fallback = `${doc.number}${ext}`.replace(/[^A-Za-z0-9._-]/g, "_");
  const utf8Name = encodeURIComponent(`${doc.title}${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  return new Response(createReadableStreamFromReadable(storage.get(doc.storageKey)), {
    status: 200,
    headers: {
      "Content-Type": doc.mime,
      "Content-Length": String(doc.size),
      "Content-Disposition": `${disposition}; filename="${fallback}"; filename*=UTF-8''${utf8Name}`,
      "X-Content-SHA256": doc.sha256,
      ETag: etag,
      "Cache-Control": cache,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

import { createReadableStreamFromReadable, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { docText } from "~/domain/documents/texts";
import { findReadableDocument } from "~/domain/documents/find-readable-document";
import { openDocumentFile } from "~/domain/documents/open-document-file";
import { getOptionalUser, requireUser } from "~/lib/auth.server";

/**
 * GET /documents/:id — streams a stored document. Public documents to anyone; others to the owner
 * organisation's users and to roles with document.read_internal. Anyone else gets the same 404 as for a
 * missing id (existence is not revealed); anonymous visitors are sent to log in first, whatever the id.
 * `?download=1` asks for an attachment instead of inline display. A file that is missing or damaged is
 * re-rendered from the database (header X-Document-Restored) or, for uploads, the reader is sent to a page
 * that says it is lost (/documents/:id/unavailable, 410).
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

  if (request.headers.get("if-none-match") === `"${doc.sha256}"`) {
    // Documents never change once stored: the SHA-256 is a perfect validator.
    return new Response(null, { status: 304, headers: { ETag: `"${doc.sha256}"`, "Cache-Control": cacheOf(doc) } });
  }
  // Checked against its SHA-256 first; a lost file is re-rendered from the database where it can be.
  const opened = await openDocumentFile(doc);
  if (opened.status === "lost") return redirect(`/documents/${doc.id}/unavailable`, { headers: { "Cache-Control": "no-store" } });
  const served = opened.doc;

  const ext = doc.mime === "application/pdf" ? ".pdf" : "";
  const disposition = new URL(request.url).searchParams.get("download") === "1" ? "attachment" : "inline";
  // ASCII fallback (the document number) for old clients, the Chinese title for the rest (RFC 6266/5987).
  const fallback = `${doc.number}${ext}`.replace(/[^A-Za-z0-9._-]/g, "_");
  const utf8Name = encodeURIComponent(`${doc.title}${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  const body = Buffer.isBuffer(opened.body) ? new Uint8Array(opened.body) : createReadableStreamFromReadable(opened.body);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": served.mime,
      "Content-Length": String(served.size),
      "Content-Disposition": `${disposition}; filename="${fallback}"; filename*=UTF-8''${utf8Name}`,
      "X-Content-SHA256": served.sha256,
      // The file was lost and rendered again from the database: say so (the pages that link it say 已重新生成).
      ...(opened.restored && served.restoredAt ? { "X-Document-Restored": served.restoredAt.toISOString() } : {}),
      ETag: `"${served.sha256}"`,
      "Cache-Control": cacheOf(served),
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function cacheOf(doc: { public: boolean }) {
  return doc.public ? "public, max-age=86400, immutable" : "private, no-store";
}

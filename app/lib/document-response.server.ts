import { createReadableStreamFromReadable } from "@remix-run/node";
import { getStorage } from "~/lib/storage.server";

/** The stored-document fields a response needs. */
export interface StoredDocument {
  storageKey: string;
  mime: string;
  size: number;
  number: string;
  sha256: string;
}

/**
 * A stored document streamed to a caller the route has already admitted: private, never cached, with its
 * SHA-256 so the reader can check it against the number printed on the page.
 */
export function storedDocumentResponse(doc: StoredDocument, disposition: "attachment" | "inline" = "attachment"): Response {
  return new Response(createReadableStreamFromReadable(getStorage().get(doc.storageKey)), {
    headers: {
      "Content-Type": doc.mime,
      "Content-Length": String(doc.size),
      "Content-Disposition": `${disposition}; filename="${doc.number}.pdf"`,
      "X-Content-SHA256": doc.sha256,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { findMonthlyBulletin } from "~/domain/supervision/list-monthly-bulletins";
import { requirePermission } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { getStorage } from "~/lib/storage.server";

/** GET /supervision/bulletins/:id.pdf — a monthly bulletin, to readers of the statistics. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  const doc = await findMonthlyBulletin(actor, params.id ?? "").catch((e: unknown) => {
    if (isDomainError(e) && e.status === 404) throw notFound();
    throw e;
  });
  return new Response(createReadableStreamFromReadable(getStorage().get(doc.storageKey)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(doc.size),
      "Content-Disposition": `attachment; filename="${doc.number}.pdf"`,
      "X-Content-SHA256": doc.sha256,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

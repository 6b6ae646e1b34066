import type { LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { findMonthlyBulletin } from "~/domain/supervision/list-monthly-bulletins";
import { requirePermission } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { notFound } from "~/lib/http.server";

/** GET /supervision/bulletins/:id.pdf — a monthly bulletin, to readers of the statistics. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  const doc = await findMonthlyBulletin(actor, params.id ?? "").catch((e: unknown) => {
    if (isDomainError(e) && e.status === 404) throw notFound();
    throw e;
  });
  return storedDocumentResponse(doc);
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { findMonthlyBulletin } from "~/domain/supervision/list-monthly-bulletins";
import { requirePermission } from "~/lib/auth.server";
import { storedDocumentResponse } from "~/lib/document-response.server";
import { orHttp } from "~/lib/http.server";

/** GET /supervision/bulletins/:id.pdf — a monthly bulletin, to readers of the statistics. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  const doc = await orHttp(findMonthlyBulletin(actor, params.id ?? ""));
  return storedDocumentResponse(doc);
}

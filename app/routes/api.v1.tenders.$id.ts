import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicTender } from "~/domain/tenders/get-public-tender";
import { orHttp } from "~/lib/http.server";
import { OPEN_DATA_HEADERS, tenderDetailJson } from "~/web/portal-json.server";

/**
 * GET /api/v1/tenders/:id — one published lot as JSON: terms, timeline against the server clock,
 * documents with SHA-256, announcements with their PDFs. Drafts and unknown ids: 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return orHttp(
    async () => Response.json(tenderDetailJson(await getPublicTender(params.id ?? "")), { headers: OPEN_DATA_HEADERS }),
    { json: { request, ns: "tenders" } },
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPublicTenderOcds } from "~/domain/tenders/get-public-tender-ocds";
import { orHttp } from "~/lib/http.server";
import { OPEN_DATA_HEADERS, ocdsPublisher } from "~/web/portal-json.server";

/**
 * GET /api/v1/tenders/:id/ocds — the lot as an OCDS 1.1 release package (mapping in
 * app/domain/tenders/build-ocds-release-package.ts). Validated in the tests against an OCDS 1.1 schema (test/ocds-schema/).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return orHttp(
    async () => {
      const pkg = await getPublicTenderOcds(params.id ?? "", ocdsPublisher());
      return new Response(JSON.stringify(pkg, null, 2), {
        headers: { ...OPEN_DATA_HEADERS, "Content-Type": "application/json; charset=utf-8" },
      });
    },
    { json: { request, ns: "tenders" } },
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicTenders } from "~/domain/tenders/list-public-tenders";
import { orHttp } from "~/lib/http.server";
import { tenderFilterFrom, portalParams, withPage } from "~/domain/tenders/portal-query";
import { OPEN_DATA_HEADERS, publicBaseUrl, tenderListItemJson } from "~/web/portal-json.server";

/**
 * GET /api/v1/tenders — the public tender list as JSON: same filters as /tenders (q, type, status, region,
 * from, to, page, pageSize), newest publication first. `hasMore` and `links.next` instead of a total count
 * (counting a large table costs more than the page). Never registrations or bidder counts.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return orHttp(
    async () => {
      const sp = new URL(request.url).searchParams;
      const r = await listPublicTenders(tenderFilterFrom(sp));
      const params = portalParams(sp);
      const at = (page: number) => `${publicBaseUrl()}/api/v1/tenders${withPage({ ...params, pageSize: String(r.pageSize) }, page)}`;
      return Response.json(
        {
          items: r.items.map(tenderListItemJson),
          page: r.page,
          pageSize: r.pageSize,
          hasMore: r.hasMore,
          links: { self: at(r.page), next: r.hasMore ? at(r.page + 1) : null, prev: r.page > 1 ? at(r.page - 1) : null },
        },
        { headers: OPEN_DATA_HEADERS },
      );
    },
    { json: { request, ns: "tenders" } },
  );
}

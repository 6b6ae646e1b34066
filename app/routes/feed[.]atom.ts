import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicAnnouncements } from "~/domain/tenders/list-public-announcements";
import { renderAtom } from "~/lib/atom";
import { getEnv } from "~/lib/env.server";
import { orHttp } from "~/lib/http.server";
import { getT } from "~/lib/i18n.server";
import { announcementFilterFrom, portalParams } from "~/domain/tenders/portal-query";
import { publicBaseUrl } from "~/web/portal-json.server";

const FEED_SIZE = 50;

/**
 * GET /feed.atom — Atom 1.0 feed of the newest public announcements (every kind; `?kind=` and `?type=`
 * narrow it). Entry ids are the announcements' uuids (urn:uuid:…), stable forever; each links to the
 * tender page and, once rendered, to the notice's PDF.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return orHttp(
    async () => {
      const { t, locale } = await getT(request, ["portal", "tenders"], null);
      const sp = new URL(request.url).searchParams;
      const params = portalParams(sp);
      const r = await listPublicAnnouncements({ ...announcementFilterFrom(sp), page: 1, pageSize: FEED_SIZE });
      const base = publicBaseUrl();
      const query = new URLSearchParams({ ...(params.kind ? { kind: params.kind } : {}), ...(params.type ? { type: params.type } : {}) }).toString();
      const self = `${base}/feed.atom${query ? `?${query}` : ""}`;
      const centre = getEnv().CENTRE_NAME;
      const xml = renderAtom({
        id: self,
        title: `${centre} — ${t(params.kind ? `tenders:announcementKinds.${params.kind}` : "portal:feed.title")}`,
        subtitle: t("portal:feed.subtitle"),
        // An empty feed still needs <updated>: the epoch says "nothing yet" without claiming a change now.
        updated: r.items[0]?.publishedAt ?? new Date(0),
        author: { name: centre, uri: base },
        lang: locale,
        links: [
          { rel: "self", href: self, type: "application/atom+xml" },
          { rel: "alternate", href: `${base}/announcements${query ? `?${query}` : ""}`, type: "text/html" },
        ],
        entries: r.items.map((a) => ({
          id: `urn:uuid:${a.id}`,
          title: a.title,
          updated: a.publishedAt,
          published: a.publishedAt,
          summary: `${t(`tenders:announcementKinds.${a.kind}`)} · ${a.lot.project.code} · ${t(`tenders:procurementTypes.${a.lot.project.procurementType}`)}`,
          content: a.body,
          categories: [{ term: a.kind, label: t(`tenders:announcementKinds.${a.kind}`) }],
          links: [
            { rel: "alternate", href: `${base}/tenders/${a.lot.id}#a-${a.id}`, type: "text/html" },
            ...(a.documentId ? [{ rel: "enclosure" as const, href: `${base}/documents/${a.documentId}`, type: "application/pdf" }] : []),
          ],
        })),
      });
      return new Response(xml, {
        headers: {
          "Content-Type": "application/atom+xml; charset=utf-8",
          "Cache-Control": "public, max-age=60",
          "Access-Control-Allow-Origin": "*",
          "X-Content-Type-Options": "nosniff",
        },
      });
    },
    { json: { request, ns: "tenders" } },
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { DateRangeFields, FilterError, ProcurementTypeField } from "~/components/portal/list-filters";
import { Pager } from "~/components/portal/pager";
import { PortalNav } from "~/components/portal/portal-nav";
import { KindBadge } from "~/components/portal/status-badge";
import { useRootData } from "~/components/use-root-data";
import { isDomainError } from "~/domain/errors";
import { announcementFilterSchema, listPublicAnnouncements } from "~/domain/tenders/list-public-announcements";
import { getEnv } from "~/lib/env.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import { announcementFilterFrom, portalParams, withPage } from "~/domain/tenders/portal-query";
import portalCss from "~/styles/portal.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];
export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "portal:announcements.title"),
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.atom", title: "Atom" },
];

/** The kinds come with the data: the domain module (database access) stays on the server. */
const kinds = () => announcementFilterSchema.shape.kind.unwrap().options;

/**
 * GET /announcements — every public notice (招标公告, 变更公告, 澄清, 中标候选人公示, 中标结果公告, 流标公告),
 * newest first, by kind, type and dates; and the open-data policy (#open-data) the OCDS packages cite.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const sp = new URL(request.url).searchParams;
  const form = portalParams(sp);
  const env = getEnv();
  const openData = { ocidPrefix: env.OCDS_PREFIX, licenseUrl: env.OCDS_LICENSE_URL };
  try {
    return { result: await listPublicAnnouncements(announcementFilterFrom(sp)), error: null, form, openData, kinds: kinds() };
  } catch (e) {
    // Not orHttp: a bad filter is marked next to its field with the search form still there, not an error page.
    if (!isDomainError(e)) throw e;
    return { result: null, error: { field: e.field ?? "" }, form, openData, kinds: kinds() };
  }
}

export default function Announcements() {
  const { result, error, form, openData, kinds } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["portal", "tenders"]);
  const locale = useRootData()?.locale ?? "zh-CN";
  const kindHref = (kind?: string) => withPage({ ...form, kind, page: undefined }, 1);
  return (
    <div className="portal">
      <header>
        <h1>{t("announcements.title")}</h1>
        <p className="lead">{t("announcements.lead")}</p>
      </header>
      <PortalNav />

      <nav aria-label={t("announcements.kinds")}>
        <ul className="kind-tabs">
          <li><Link to={kindHref(undefined)} aria-current={!form.kind ? "page" : undefined}>{t("announcements.all")}</Link></li>
          {kinds.map((k) => (
            <li key={k}><Link to={kindHref(k)} aria-current={form.kind === k ? "page" : undefined}>{t(`tenders:announcementKinds.${k}`)}</Link></li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="filters" aria-label={t("list.filters")}>
        {form.kind ? <input type="hidden" name="kind" value={form.kind} /> : null}
        <ProcurementTypeField value={form.type} />
        <DateRangeFields from={form.from} to={form.to} />
        <div className="filters__actions">
          <button type="submit" className="btn btn--primary">{t("list.apply")}</button>
        </div>
      </Form>

      <FilterError error={error} />

      {result ? (
        <section className="results" aria-labelledby="ann-results">
          <h2 id="ann-results" className="visually-hidden">{t("list.results")}</h2>
          {result.items.length === 0 ? <p className="alert alert--info">{t("announcements.empty")}</p> : (
            <DataTable
              caption={<caption className="visually-hidden">{t("announcements.caption")}</caption>}
              head={
                <>
                  <th scope="col">{t("announcements.cols.title")}</th>
                  <th scope="col">{t("announcements.cols.kind")}</th>
                  <th scope="col">{t("announcements.cols.publishedAt")}</th>
                  <th scope="col">{t("announcements.cols.pdf")}</th>
                </>
              }
            >
              {result.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/tenders/${a.lot.id}#a-${a.id}`} className="results__title">{a.title}</Link>
                    <span className="results__sub">
                      <span className="mono">{a.lot.project.code}</span> · {t(`tenders:procurementTypes.${a.lot.project.procurementType}`)}
                    </span>
                  </td>
                  <td data-label={t("announcements.cols.kind")}><KindBadge kind={a.kind} /></td>
                  <td data-label={t("announcements.cols.publishedAt")}>{formatInstant(a.publishedAt, locale, "datetimeShort")}</td>
                  <td data-label={t("announcements.cols.pdf")}>
                    {a.documentId ? <a href={`/documents/${a.documentId}`} type="application/pdf">PDF</a> : <span className="muted">{t("tenders:detail.pdfPending")}</span>}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pager page={result.page} hasMore={result.hasMore} hrefFor={(page) => withPage(form, page)} />
        </section>
      ) : null}

      <section id="open-data" className="panel" aria-labelledby="open-data-title">
        <h2 id="open-data-title">{t("openData.title")}</h2>
        <p>{t("openData.policy")}</p>
        <ul>
          <li>{t("openData.what")}</li>
          <li>{t("openData.when")}</li>
          <li>{t("openData.ocds", { prefix: openData.ocidPrefix })}</li>
          <li>
            {t("openData.license")} <a href={openData.licenseUrl} rel="license">{openData.licenseUrl}</a>
          </li>
        </ul>
        <ul className="opendata-links">
          <li><a href="/feed.atom" type="application/atom+xml">{t("nav.feed")}</a></li>
          <li><a href="/api/v1/tenders" type="application/json">{t("openData.api")}</a></li>
          <li><a href="/api/v1/openapi.json" type="application/json">{t("openData.openapi")}</a></li>
        </ul>
      </section>
    </div>
  );
}

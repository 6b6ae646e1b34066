import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { DateRangeFields, FilterError, ProcurementTypeField } from "~/components/portal/list-filters";
import { Pager } from "~/components/portal/pager";
import { Countdown } from "~/components/portal/countdown";
import { Highlight } from "~/components/portal/highlight";
import { PortalNav } from "~/components/portal/portal-nav";
import { StatusBadge } from "~/components/portal/status-badge";
import { useRootData } from "~/components/use-root-data";
import { isDomainError } from "~/domain/errors";
import { listPublicTenders, PUBLIC_STATUSES, searchTerms } from "~/domain/tenders/list-public-tenders";
import { formatFen } from "~/lib/money";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import { portalParams, tenderFilterFrom, withPage } from "~/domain/tenders/portal-query";
import portalCss from "~/styles/portal.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];
export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "portal:list.title"),
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.atom", title: "Atom" },
];

/**
 * GET /tenders — every lot from publication on: filters (type, region, status, publication dates) and
 * Chinese search in the query string, so each result page has a shareable address (the JSON twin is
 * /api/v1/tenders with the same parameters). Never drafts, never who registered or how many did.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const sp = new URL(request.url).searchParams;
  const form = portalParams(sp);
  try {
    const result = await listPublicTenders(tenderFilterFrom(sp));
    return { result, error: null, form, terms: searchTerms(form.q), statuses: PUBLIC_STATUSES };
  } catch (e) {
    // Not orHttp: a bad filter is marked next to its field with the search form still there, not an error page.
    if (!isDomainError(e)) throw e;
    return { result: null, error: { field: e.field ?? "" }, form, terms: [], statuses: PUBLIC_STATUSES };
  }
}

export default function TendersIndex() {
  // The status options come with the data: the domain module (database access) stays on the server.
  const { result, error, form, terms, statuses } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["portal", "tenders"]);
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state === "loading";
  const filtered = Object.keys(form).some((k) => k !== "page");
  const cols = {
    project: t("list.cols.project"),
    type: t("list.cols.type"),
    status: t("list.cols.status"),
    publishedAt: t("list.cols.publishedAt"),
    deadline: t("list.cols.deadline"),
    ceiling: t("list.cols.ceiling"),
  };
  return (
    <div className="portal">
      <header>
        <h1>{t("list.title")}</h1>
        <p className="lead">{t("list.lead")}</p>
      </header>
      <PortalNav />

      <Form method="get" className="filters" role="search" aria-label={t("list.filters")}>
        <div className="form-field filters__q">
          <label htmlFor="q">{t("list.q")}</label>
          <div className="filters__q-row">
            <input id="q" name="q" type="search" defaultValue={form.q ?? ""} placeholder={t("list.qPlaceholder")} maxLength={100} aria-describedby="q-hint" />
            <button type="submit" className="btn btn--primary">{t("list.submit")}</button>
          </div>
          <span id="q-hint" className="form-hint">{t("list.qHint")}</span>
        </div>
        <ProcurementTypeField value={form.type} />
        <div className="form-field">
          <label htmlFor="status">{t("list.status")}</label>
          <select id="status" name="status" defaultValue={form.status ?? ""}>
            <option value="">{t("list.any")}</option>
            {statuses.map((s) => <option key={s} value={s}>{t(`tenders:statuses.${s}`)}</option>)}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="region">{t("list.region")}</label>
          <input id="region" name="region" type="text" inputMode="numeric" pattern="\d{2,6}" maxLength={6} defaultValue={form.region ?? ""} aria-describedby="region-hint" />
          <span id="region-hint" className="form-hint">{t("list.regionHint")}</span>
        </div>
        <DateRangeFields from={form.from} to={form.to} />
        <div className="filters__actions">
          <button type="submit" className="btn btn--secondary">{t("list.apply")}</button>
          {filtered ? <Link to="/tenders" className="btn btn--secondary">{t("list.reset")}</Link> : null}
        </div>
      </Form>

      <FilterError error={error} />

      {result ? (
        <section className="results" aria-labelledby="results-title" aria-busy={busy}>
          <div className="results-meta">
            <h2 id="results-title" className="visually-hidden">{t("list.results")}</h2>
            <span role="status">
              {form.q ? t("list.searchingFor", { q: form.q }) + " · " : ""}
              {t("list.pageInfo", { page: result.page, pageSize: result.pageSize })}
            </span>
            <a href={`/api/v1/tenders${withPage(form, result.page)}`} type="application/json">{t("list.asJson")}</a>
          </div>
          {result.items.length === 0 ? (
            <p className="alert alert--info">{t(filtered ? "list.emptyFiltered" : "list.empty")}</p>
          ) : (
            <DataTable
              caption={<caption className="visually-hidden">{t("list.caption")}</caption>}
              head={
                <>
                  <th scope="col">{cols.project}</th>
                  <th scope="col">{cols.type}</th>
                  <th scope="col">{cols.status}</th>
                  <th scope="col">{cols.publishedAt}</th>
                  <th scope="col">{cols.deadline}</th>
                  <th scope="col" className="num">{cols.ceiling}</th>
                </>
              }
            >
              {result.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    {/* Text nodes only: a title typed with markup is shown as typed, never run. */}
                    <Link to={`/tenders/${r.id}`} className="results__title">
                      <Highlight text={r.projectTitle} terms={terms} />
                    </Link>
                    <span className="results__sub">
                      <Highlight text={t("list.lotLine", { lotNo: r.lotNo, title: r.title })} terms={terms} /> ·{" "}
                      <span className="mono"><Highlight text={r.projectCode} terms={terms} /></span>
                    </span>
                  </td>
                  <td data-label={cols.type}>{t(`tenders:procurementTypes.${r.procurementType}`)}</td>
                  <td data-label={cols.status}><StatusBadge status={r.status} /></td>
                  <td data-label={cols.publishedAt}>{formatInstant(r.publishedAt, locale, "datetimeShort")}</td>
                  <td data-label={cols.deadline}>
                    {formatInstant(r.bidDeadline, locale, "datetimeShort")}
                    {r.status === "PUBLISHED" ? (
                      <span className="results__left"><Countdown to={r.bidDeadline} prefix={t("list.left")} /></span>
                    ) : null}
                  </td>
                  <td data-label={cols.ceiling} className="num">{formatFen(r.ceilingPriceFen)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pager page={result.page} hasMore={result.hasMore} hrefFor={(page) => withPage(form, page)} />
        </section>
      ) : null}
    </div>
  );
}

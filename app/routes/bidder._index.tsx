import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Countdown } from "~/components/tenders/countdown";
import { StatusBadge } from "~/components/tenders/status-badge";
import tendersUiCss from "~/components/tenders/tenders-ui.css?url";
import { useRootData } from "~/components/use-root-data";
import { listMyRegistrations } from "~/domain/tenders/list-my-registrations";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: tendersUiCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:bidder.title");

/** /bidder — the bidder's workspace: lots its company registered for, with live countdowns from server time. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.register");
  return listMyRegistrations(actor);
}

export default function BidderDashboard() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const { items } = useLoaderData<typeof loader>();
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <>
      <div className="ws-head">
        <div>
          <h1>{t("bidder.title")}</h1>
          <p className="lead">{t("bidder.lead")}</p>
        </div>
        <p className="row-actions">
          <Link to="/tenders" className="btn btn--primary">
            {t("bidder.findTenders")}
          </Link>
          {/* The bids area's own pages (bidder.keys*, bidder.tokens*): their titles come from its namespace. */}
          <Link to="/bidder/keys" className="btn btn--secondary">
            {t("bids:keys.title")}
          </Link>
          <Link to="/bidder/tokens" className="btn btn--secondary">
            {t("bids:tokens.title")}
          </Link>
        </p>
      </div>
      <section className="panel" aria-labelledby="my-lots-h">
        <h2 id="my-lots-h">{t("bidder.myLots", { count: items.length })}</h2>
        {items.length === 0 ? (
          <p className="muted">
            {t("bidder.none")} <Link to="/tenders">{t("bidder.findTenders")}</Link>
          </p>
        ) : (
          <DataTable
            head={
              <>
                <th scope="col">{t("staff.colLot")}</th>
                <th scope="col">{t("staff.colStatus")}</th>
                <th scope="col">{tt("fields.clarificationCutoff")}</th>
                <th scope="col">{tt("fields.bidDeadline")}</th>
                <th scope="col">{t("bidder.downloads")}</th>
              </>
            }
          >
            {items.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/bidder/lots/${l.id}`}>
                    {l.project.title}（{l.title}）
                  </Link>
                  <div className="mono muted">{l.project.code}</div>
                </td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td>
                  {formatInstant(l.clarificationCutoff, locale, "datetimeShort")}
                  <div>
                    <Countdown to={l.clarificationCutoff} />
                  </div>
                </td>
                <td>
                  {formatInstant(l.bidDeadline, locale, "datetimeShort")}
                  <div>
                    <Countdown to={l.bidDeadline} />
                  </div>
                </td>
                <td>{l.downloads}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}

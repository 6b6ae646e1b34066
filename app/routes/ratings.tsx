import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { MonthField } from "~/components/supervision/month-field";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { LeagueChart } from "~/components/ratings/league-chart";
import { getRatingLeague } from "~/domain/supervision/get-rating-league";
import { recentClosedMonths } from "~/domain/supervision/month-range";
import { pageTitle } from "~/lib/i18n";
import reportsCss from "~/styles/reports.css?url";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: supervisionCss },
  { rel: "stylesheet", href: reportsCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:league.title");

/**
 * GET /ratings?month=YYYY-MM — the public monthly league table of service ratings (荣辱机制), any of the
 * last 24 closed months (default: the last one). Public: no sign-in.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const months = recentClosedMonths(24);
  const asked = new URL(request.url).searchParams.get("month");
  const month = asked && months.includes(asked) ? asked : months[0]!;
  const league = await getRatingLeague({ month });
  // Closed months do not change often: a short public cache keeps visitors off the database.
  return data({ months, league }, { headers: { "Cache-Control": "public, max-age=300" } });
}

export default function Ratings() {
  const { months, league } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["supervision", "tenders"]);
  return (
    <div className="container section stack sv-page">
      <h1>{t("league.title")}</h1>
      <p className="lead">{t("league.lead")}</p>
      <Form method="get" className="card rp-month-form" aria-label={t("league.month")}>
        <MonthField id="league-month" label={t("league.month")} months={months} defaultValue={league.month} />
        <button type="submit" className="btn btn--primary">
          {t("league.show")}
        </button>
      </Form>

      <section className="stack" aria-labelledby="league-units">
        <h2 id="league-units">
          {t("league.units")} · {league.month}
        </h2>
        {league.units.length === 0 ? (
          <p className="muted">{t("league.empty")}</p>
        ) : (
          <>
            <figure className="card rp-chart">
              <figcaption>{t("league.chart")}</figcaption>
              <LeagueChart title={t("league.chart")} rows={league.units.map((u) => ({ label: u.name, average: u.average, ratings: u.ratings }))} />
            </figure>
            <DataTable
              caption={
                <caption className="visually-hidden">
                  {t("league.units")} · {league.month}
                </caption>
              }
              head={
                <>
                  <th scope="col" className="num">
                    {t("league.cols.rank")}
                  </th>
                  <th scope="col">{t("league.cols.name")}</th>
                  <th scope="col">{t("league.cols.role")}</th>
                  <th scope="col" className="num">
                    {t("league.cols.ratings")}
                  </th>
                  <th scope="col" className="num">
                    {t("league.cols.average")}
                  </th>
                </>
              }
            >
              {league.units.map((u) => (
                <tr key={u.orgId}>
                  <td className="num">{u.rank}</td>
                  <th scope="row">{u.name}</th>
                  <td>{t(`league.roles.${u.role}`)}</td>
                  <td className="num">{u.ratings}</td>
                  <td className="num">{u.average.toFixed(2)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </section>

      {league.byType.length ? (
        <section className="stack" aria-labelledby="league-types">
          <h2 id="league-types">{t("league.byType")}</h2>
          <DataTable
            head={
              <>
                <th scope="col">{t("league.cols.type")}</th>
                <th scope="col" className="num">
                  {t("league.cols.ratings")}
                </th>
                <th scope="col" className="num">
                  {t("league.cols.average")}
                </th>
              </>
            }
          >
            {league.byType.map((r) => (
              <tr key={r.type}>
                <th scope="row">{t(`tenders:procurementTypes.${r.type}`)}</th>
                <td className="num">{r.ratings}</td>
                <td className="num">{r.average.toFixed(2)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      <p className="muted">{t("league.note")}</p>
    </div>
  );
}

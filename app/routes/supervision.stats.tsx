import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart, RateBar } from "~/components/supervision/charts";
import { getStatistics } from "~/domain/supervision/get-statistics";
import { requirePermission } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:stats.title");

/** /supervision/stats — charts of trading, timeliness, alerts and satisfaction; CSV at /supervision/stats.csv. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  return getStatistics(actor);
}

export default function StatsPage() {
  const s = useLoaderData<typeof loader>();
  const { t } = useTranslation(["supervision", "tenders"]);
  const months = [...new Set(s.tendersByMonth.map((r) => r.month))];
  const types = [...new Set(s.tendersByMonth.map((r) => r.type))];
  const cell = (m: string, ty: string) => s.tendersByMonth.find((r) => r.month === m && r.type === ty);
  const fired = s.transitions.reduce((a, r) => a + r.fired, 0);
  const onTime = s.transitions.reduce((a, r) => a + r.onTime, 0);
  const ratings = s.satisfaction.reduce((a, r) => a + r.count, 0);
  const avg = ratings ? s.satisfaction.reduce((a, r) => a + r.score * r.count, 0) / ratings : 0;
  const kinds = [...new Set(s.alertsByKind.map((a) => a.kind))];
  return (
    <div className="container section stack sv-page">
      <div className="sv-head">
        <h1>{t("stats.title")}</h1>
        <div className="sv-head__actions">
          <a className="btn btn--secondary" href="/supervision/stats.csv" download>
            {t("stats.exportCsv")}
          </a>
          <a className="btn btn--secondary" href="/supervision/stats.xlsx" download>
            {t("stats.exportXlsx")}
          </a>
        </div>
      </div>
      <p className="lead">{t("stats.lead")}</p>
      <div className="sv-charts">
        <figure className="card sv-chart">
          <figcaption>{t("stats.tendersByMonth")}</figcaption>
          <BarChart
            title={t("stats.tendersByMonth")}
            series={types.map((ty) => t(`tenders:procurementTypes.${ty}`))}
            data={months.map((m) => ({ label: m, values: types.map((ty) => cell(m, ty)?.lots ?? 0) }))}
          />
        </figure>
        <figure className="card sv-chart">
          <figcaption>{t("stats.amountsByMonth")}</figcaption>
          <BarChart
            title={t("stats.amountsByMonth")}
            series={types.map((ty) => t(`tenders:procurementTypes.${ty}`))}
            data={months.map((m) => ({ label: m, values: types.map((ty) => Math.round(Number(cell(m, ty)?.ceilingFen ?? 0) / 1_000_000)) }))}
          />
        </figure>
        <figure className="card sv-chart">
          <figcaption>{t("stats.biddersPerLot")}</figcaption>
          <BarChart title={t("stats.biddersPerLot")} data={s.biddersPerLot.map((r) => ({ label: String(r.bidders), values: [r.lots] }))} />
        </figure>
        <figure className="card sv-chart">
          <figcaption>{t("stats.alertsByKind")}</figcaption>
          <BarChart
            title={t("stats.alertsByKind")}
            series={[t("alerts.severity.YELLOW"), t("alerts.severity.RED")]}
            colors={["#d97706", "#c8161d"]}
            data={kinds.map((k) => ({
              label: t(`alerts.kinds.${k}`, { defaultValue: k }),
              values: ["YELLOW", "RED"].map((sev) => s.alertsByKind.find((a) => a.kind === k && a.severity === sev)?.count ?? 0),
            }))}
          />
        </figure>
        <figure className="card sv-chart">
          <figcaption>{t("stats.onTime")}</figcaption>
          <RateBar label={t("stats.onTime")} rate={fired ? onTime / fired : null} />
          <RateBar label={t("stats.failureRate")} rate={s.outcomes.ended ? s.outcomes.failed / s.outcomes.ended : null} good={false} />
        </figure>
        <figure className="card sv-chart">
          <figcaption>{t("stats.satisfaction")}</figcaption>
          <p className="muted">{t("stats.ratings", { count: ratings, avg: avg.toFixed(2) })}</p>
          <BarChart title={t("stats.satisfaction")} data={[1, 2, 3, 4, 5].map((n) => ({ label: `${n}★`, values: [s.satisfaction.find((r) => r.score === n)?.count ?? 0] }))} />
        </figure>
      </div>
    </div>
  );
}

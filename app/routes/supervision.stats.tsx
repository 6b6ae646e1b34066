import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { BarChart, BarSvg, RateBar } from "~/components/supervision/charts";
import { getStatistics } from "~/domain/supervision/get-statistics";
import { requirePermission } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";
import { formatYuan, percentOf } from "~/lib/money";
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
  const savingMonths = [...new Set(s.savings.map((r) => r.month))];
  const savingTypes = [...new Set(s.savings.map((r) => r.type))];
  const sum = (k: "budgetFen" | "awardFen" | "savedFen") => s.savings.reduce((a, r) => a + BigInt(r[k]), 0n);
  const pct = (part: bigint, whole: bigint) => {
    const p = part < 0n ? percentOf(-part, whole) : percentOf(part, whole);
    return p === null ? "—" : `${part < 0n ? "-" : ""}${p}%`;
  };
  const savedOf = (m: string, ty: string) => BigInt(s.savings.find((r) => r.month === m && r.type === ty)?.savedFen ?? "0");
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
        <figure className="card sv-chart sv-chart--wide" data-testid="stats-savings">
          <figcaption>{t("stats.savings")}</figcaption>
          <p className="muted">
            {t("stats.savingsLead", {
              lots: s.savings.reduce((a, r) => a + r.lots, 0),
              budget: formatYuan(sum("budgetFen")),
              award: formatYuan(sum("awardFen")),
              saved: formatYuan(sum("savedFen")),
              rate: pct(sum("savedFen"), sum("budgetFen")),
            })}
          </p>
          <BarSvg
            title={t("stats.savings")}
            series={savingTypes.map((ty) => t(`tenders:procurementTypes.${ty}`))}
            data={savingMonths.map((m) => ({ label: m, values: savingTypes.map((ty) => Math.max(0, Math.round(Number(savedOf(m, ty)) / 1_000_000))) }))}
          />
          <p className="muted">{t("stats.savingsDefinition")}</p>
          <details className="sv-chart__table">
            <summary>{t("stats.table")}</summary>
            <DataTable
              caption={<caption className="visually-hidden">{t("stats.savings")}</caption>}
              head={
                <>
                  <th scope="col">{t("stats.month")}</th>
                  <th scope="col">{t("stats.type")}</th>
                  <th scope="col">{t("stats.lots")}</th>
                  <th scope="col">{t("stats.budgetYuan")}</th>
                  <th scope="col">{t("stats.awardYuan")}</th>
                  <th scope="col">{t("stats.savedYuan")}</th>
                  <th scope="col">{t("stats.savingsRate")}</th>
                </>
              }
            >
              {s.savings.length === 0 ? (
                <tr>
                  <td colSpan={7}>{t("stats.noData")}</td>
                </tr>
              ) : null}
              {s.savings.map((r) => (
                <tr key={`${r.month}-${r.type}`}>
                  <th scope="row">{r.month}</th>
                  <td>{t(`tenders:procurementTypes.${r.type}`)}</td>
                  <td className="num">{r.lots}</td>
                  <td className="num">{formatYuan(r.budgetFen)}</td>
                  <td className="num">{formatYuan(r.awardFen)}</td>
                  <td className="num">{formatYuan(r.savedFen)}</td>
                  <td className="num">{pct(BigInt(r.savedFen), BigInt(r.budgetFen))}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </figure>
        <figure className="card sv-chart sv-chart--wide" data-testid="stats-award-clocks">
          <figcaption>{t("stats.awardClocks")}</figcaption>
          <p className="muted">{t("stats.awardClocksLead")}</p>
          {s.awardClocks.map((c) => (
            <RateBar key={c.clock} label={t(`stats.clocks.${c.clock}`)} rate={c.due ? c.onTime / c.due : null} />
          ))}
          <details className="sv-chart__table">
            <summary>{t("stats.table")}</summary>
            <DataTable
              caption={<caption className="visually-hidden">{t("stats.awardClocks")}</caption>}
              head={
                <>
                  <th scope="col">{t("stats.clock")}</th>
                  <th scope="col">{t("stats.due")}</th>
                  <th scope="col">{t("stats.onTimeCount")}</th>
                  <th scope="col">{t("stats.rate")}</th>
                </>
              }
            >
              {s.awardClocks.map((c) => (
                <tr key={c.clock}>
                  <th scope="row">{t(`stats.clocks.${c.clock}`)}</th>
                  <td className="num">{c.due}</td>
                  <td className="num">{c.onTime}</td>
                  <td className="num">{pct(BigInt(c.onTime), BigInt(c.due))}</td>
                </tr>
              ))}
            </DataTable>
          </details>
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

/**
 * Small server-rendered SVG charts (no chart library): a bar chart with optional stacked series and a
 * donut-free "rate" bar. Every chart carries a <title> and the figures as text, so it reads without colour.
 */
import { useTranslation } from "react-i18next";

const PALETTE = ["#1d4ed8", "#d97706", "#059669", "#c8161d", "#7c3aed", "#0891b2"];

export interface BarDatum {
  label: string;
  /** One value per series (stacked). */
  values: number[];
}

export function BarChart(props: { title: string; data: BarDatum[]; series?: string[]; unit?: string; colors?: string[] }) {
  return (
    <>
      <BarSvg {...props} />
      <ChartTable title={props.title} data={props.data} series={props.series} />
    </>
  );
}

/** The chart's figures as a table (screen readers, copying, printing), folded away under the chart. */
function ChartTable({ title, data, series }: { title: string; data: BarDatum[]; series?: string[] }) {
  const { t } = useTranslation("supervision");
  const cols = series && series.length > 0 ? series : [t("stats.count")];
  return (
    <details className="sv-chart__table">
      <summary>{t("stats.table")}</summary>
      <table className="table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("stats.item")}</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {cols.length > 1 ? <th scope="col">{t("stats.total")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {data.length === 0 ? (
            <tr>
              <td colSpan={cols.length + 2}>{t("stats.noData")}</td>
            </tr>
          ) : null}
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              {cols.map((c, i) => (
                <td key={c} className="num">
                  {d.values[i] ?? 0}
                </td>
              ))}
              {cols.length > 1 ? <td className="num">{d.values.reduce((a, b) => a + b, 0)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The chart alone, for a figure that brings its own table (e.g. exact amounts instead of rounded bars). */
export function BarSvg({ title, data, series, unit = "", colors = PALETTE }: { title: string; data: BarDatum[]; series?: string[]; unit?: string; colors?: string[] }) {
  const { t } = useTranslation("supervision");
  const W = 360;
  const H = 200;
  const pad = { l: 36, r: 8, t: 12, b: 42 };
  const { top: max, ticks } = niceScale(Math.max(0, ...data.map((d) => d.values.reduce((a, b) => a + b, 0))));
  const bw = data.length ? (W - pad.l - pad.r) / data.length : 0;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  return (
    <svg viewBox={`0 0 ${W} ${H + (series && series.length > 1 ? 18 : 0)}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#e5e7eb" />
          <text x={pad.l - 4} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#555">
            {v}
          </text>
        </g>
      ))}
      {data.length === 0 ? (
        <text x={W / 2} y={H / 2} textAnchor="middle" fontSize="13" fill="#777">
          {t("stats.noData")}
        </text>
      ) : null}
      {data.map((d, i) => {
        let acc = 0;
        const total = d.values.reduce((a, b) => a + b, 0);
        return (
          <g key={d.label}>
            {d.values.map((v, s) => {
              const top = y(acc + v);
              const rect = <rect key={s} x={pad.l + i * bw + bw * 0.15} width={bw * 0.7} y={top} height={Math.max(0, y(acc) - top)} fill={colors[s % colors.length]} />;
              acc += v;
              return rect;
            })}
            <text x={pad.l + i * bw + bw / 2} y={y(total) - 3} fontSize="11" textAnchor="middle" fill="#111">
              {total ? `${total}${unit}` : ""}
            </text>
            <text x={pad.l + i * bw + bw / 2} y={H - pad.b + 14} fontSize="11" textAnchor="middle" fill="#333">
              {d.label.length > 10 ? `${d.label.slice(0, 9)}…` : d.label}
            </text>
          </g>
        );
      })}
      {series && series.length > 1
        ? series.map((s, i) => (
            <g key={s} transform={`translate(${pad.l + i * 110}, ${H})`}>
              <rect width="10" height="10" y="-2" fill={colors[i % colors.length]} />
              <text x="14" y="7" fontSize="11">
                {s}
              </text>
            </g>
          ))
        : null}
    </svg>
  );
}

/**
 * Axis top and ticks at round steps (1, 2, 5 × 10ⁿ; whole numbers only — the charts count things), so a
 * count axis never reads "2.5".
 */
export function niceScale(max: number): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 1, ticks: [0, 1] };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const top = Math.ceil(max / step) * step;
  return { top, ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step) };
}

/** A horizontal percentage bar with its figure (narrow viewBox: its text stays legible in a card). */
export function RateBar({ label, rate, good = true }: { label: string; rate: number | null; good?: boolean }) {
  const pct = rate === null ? 0 : Math.round(rate * 1000) / 10;
  return (
    <svg viewBox="0 0 300 44" role="img" aria-label={`${label}: ${rate === null ? "—" : `${pct}%`}`}>
      <text x="0" y="14" fontSize="13">
        {label}
      </text>
      <rect x="0" y="22" width="240" height="14" rx="3" fill="#e5e7eb" />
      <rect x="0" y="22" width={2.4 * pct} height="14" rx="3" fill={good ? "#059669" : "#c8161d"} />
      <text x="246" y="34" fontSize="13" fontWeight="600">
        {rate === null ? "—" : `${pct}%`}
      </text>
    </svg>
  );
}

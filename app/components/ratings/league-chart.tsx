/**
 * Horizontal bar chart of average scores (0–5), one bar per ranked row, as server-rendered SVG. The chart
 * is decorative for assistive technology (aria-hidden): the ranked table next to it carries the figures.
 */
export function LeagueChart({ rows, title }: { rows: { label: string; average: number; ratings: number }[]; title: string }) {
  const W = 560;
  const rowH = 26;
  const labelW = 200;
  const barW = W - labelW - 60;
  const H = Math.max(1, rows.length) * rowH + 24;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="league-chart" aria-hidden="true" focusable="false">
      <title>{title}</title>
      {[0, 1, 2, 3, 4, 5].map((v) => (
        <g key={v}>
          <line x1={labelW + (barW * v) / 5} x2={labelW + (barW * v) / 5} y1={0} y2={H - 18} stroke="#e5e7eb" />
          <text x={labelW + (barW * v) / 5} y={H - 4} fontSize="11" textAnchor="middle" fill="#555">
            {v}
          </text>
        </g>
      ))}
      {rows.map((r, i) => (
        <g key={`${r.label}-${i}`} transform={`translate(0, ${i * rowH})`}>
          <text x={labelW - 8} y={17} fontSize="12" textAnchor="end" fill="#111">
            {r.label.length > 16 ? `${r.label.slice(0, 15)}…` : r.label}
          </text>
          <rect x={labelW} y={5} width={(barW * Math.max(0, Math.min(5, r.average))) / 5} height={16} rx={3} fill={r.average >= 4 ? "#059669" : r.average >= 3 ? "#d97706" : "#c8161d"} />
          <text x={labelW + (barW * Math.min(5, r.average)) / 5 + 6} y={18} fontSize="12" fontWeight="600" fill="#111">
            {r.average.toFixed(2)}
          </text>
        </g>
      ))}
    </svg>
  );
}

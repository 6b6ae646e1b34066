import { formatYuan } from "~/lib/money";
import { formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawSystemFooter, drawTitle } from "~/domain/documents/layout";
import { COLOR, CONTENT_WIDTH, createPdf, finishPdf, FONT, PAGE, type Pdf } from "~/domain/documents/pdf";
import { docText, zhEn } from "~/domain/documents/texts";
import { rate, type MonthlyFigures } from "./get-monthly-figures";

export interface MonthlyBulletinData {
  number: string;
  contentDigest: string;
  generatedAt: Date;
  figures: MonthlyFigures;
}

const T = (k: string, p?: Record<string, string | number>) => docText("zh-CN", `monthlyBulletin.${k}`, p);
const pct = (v: number | null) => (v === null ? T("none") : `${v.toFixed(1)}%`);

/** Fen → "1,234,567.89 元". */
export const yuan = (fen: string): string => `${formatYuan(fen)} 元`;

/** Horizontal bars (vector shapes): label, bar scaled to `max`, figure at the end. */
function hBars(doc: Pdf, heading: string, rows: { label: string; value: number; text: string }[], max: number, color: string) {
  const x = PAGE.margin.left;
  const labelW = 150;
  const textW = 110;
  const barW = CONTENT_WIDTH - labelW - textW - 6;
  const rowH = 18;
  if (doc.y + 30 + rows.length * rowH > PAGE.height - PAGE.margin.bottom) doc.addPage();
  doc.font(FONT.title).fontSize(12).fillColor(COLOR.text).text(heading, x, doc.y, { width: CONTENT_WIDTH });
  let y = doc.y + 6;
  if (rows.length === 0) {
    doc.font(FONT.body).fontSize(10).fillColor(COLOR.muted).text(T("none"), x, y);
    y += rowH;
  }
  for (const r of rows) {
    doc.font(FONT.body).fontSize(9.5).fillColor(COLOR.text).text(r.label, x, y + 2, { width: labelW - 8, lineBreak: false });
    doc.rect(x + labelW, y, barW, 12).fill(COLOR.shade);
    const w = max > 0 ? (barW * Math.max(0, r.value)) / max : 0;
    if (w > 0) doc.rect(x + labelW, y, w, 12).fill(color);
    doc.fillColor(COLOR.text).fontSize(9).text(r.text, x + labelW + barW + 6, y + 2, { lineBreak: false });
    y += rowH;
  }
  doc.x = x;
  doc.y = y + 10;
}

/** Vertical bars with an axis line (score distribution). */
function vBars(doc: Pdf, heading: string, rows: { label: string; value: number }[], color: string) {
  const x = PAGE.margin.left;
  const h = 110;
  if (doc.y + h + 50 > PAGE.height - PAGE.margin.bottom) doc.addPage();
  doc.font(FONT.title).fontSize(12).fillColor(COLOR.text).text(heading, x, doc.y, { width: CONTENT_WIDTH });
  const top = doc.y + 14;
  const base = top + h;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const slot = Math.min(70, CONTENT_WIDTH / Math.max(1, rows.length));
  doc.moveTo(x, base).lineTo(x + slot * rows.length, base).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
  rows.forEach((r, i) => {
    const bh = (h * r.value) / max;
    const bx = x + i * slot + slot * 0.2;
    if (bh > 0) doc.rect(bx, base - bh, slot * 0.6, bh).fill(color);
    doc.font(FONT.body).fontSize(9).fillColor(COLOR.text);
    doc.text(String(r.value), x + i * slot, base - bh - 12, { width: slot, align: "center", lineBreak: false });
    doc.text(r.label, x + i * slot, base + 4, { width: slot, align: "center", lineBreak: false });
  });
  doc.x = x;
  doc.y = base + 24;
}

/** 月度通报 as PDF bytes: key figures, three bar charts drawn with vector shapes, definitions, issuer. */
export async function renderMonthlyBulletinPdf(d: MonthlyBulletinData): Promise<Buffer> {
  const f = d.figures;
  const [y, m] = f.month.split("-").map(Number) as [number, number];
  const title = zhEn("monthlyBulletin.title");
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  const centre = doc.meta.centreName;
  drawTitle(doc, `${title.zh}（${y}年${m}月）`, `${title.en} ${f.month}`, `${docText("zh-CN", "pdf.number")}：${d.number}`);
  drawParagraph(doc, T("intro", { centre, year: y, month: m }), { indent: true });

  const due = f.steps.reduce((a, s) => a + s.due, 0);
  const onTime = f.steps.reduce((a, s) => a + s.onTime, 0);
  const k = (key: string) => zhEn(`monthlyBulletin.fields.${key}`);
  drawFieldTable(doc, [
    { ...k("onTime"), value: `${pct(rate(onTime, due))}（${T("ofSteps", { onTime, due })}）` },
    {
      ...k("satisfaction"),
      value: f.satisfaction.average === null ? T("none") : `${f.satisfaction.average.toFixed(2)} / 5（${T("ratings", { count: f.satisfaction.count })}）`,
    },
    { ...k("complaintRate"), value: `${pct(rate(f.complaints.filed, f.complaints.lotsOpened))}（${T("complaints", { filed: f.complaints.filed, lots: f.complaints.lotsOpened })}）` },
    { ...k("failureRate"), value: `${pct(rate(f.outcomes.failed, f.outcomes.ended))}（${T("failures", { failed: f.outcomes.failed, ended: f.outcomes.ended })}）` },
    {
      ...k("savings"),
      value: `${yuan(f.savings.savedFen)}（${T("savingsDetail", { lots: f.savings.lots, ceiling: yuan(f.savings.ceilingFen), award: yuan(f.savings.awardFen) })}）`,
    },
  ]);

  hBars(
    doc,
    T("charts.onTime"),
    f.steps.map((s) => ({ label: T(`steps.${s.step}`), value: rate(s.onTime, s.due) ?? 0, text: `${pct(rate(s.onTime, s.due))} (${s.onTime}/${s.due})` })),
    100,
    "#059669",
  );
  vBars(doc, T("charts.satisfaction"), f.satisfaction.byScore.map((n, i) => ({ label: `${i + 1} ${T("points")}`, value: n })), "#1d4ed8");
  hBars(
    doc,
    T("charts.lotsByType"),
    f.lotsByType.map((r) => ({ label: T(`types.${r.type}`), value: r.lots, text: String(r.lots) })),
    Math.max(1, ...f.lotsByType.map((r) => r.lots)),
    "#d97706",
  );

  drawParagraph(doc, T("definitions"), { size: 9, color: COLOR.muted, lineGap: 2 });
  drawIssuer(doc, centre, formatShanghaiChineseDate(d.generatedAt), docText("zh-CN", "pdf.seal"));
  drawSystemFooter(doc);
  return finishPdf(doc);
}

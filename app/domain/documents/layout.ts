import { COLOR, CONTENT_WIDTH, FONT, PAGE, type Pdf } from "./pdf";
import { docText } from "./texts";

/**
 * Building blocks shared by generated documents, so that every certificate and notice looks like it
 * came from the same office: centred title, bilingual field table, body paragraphs, issuer block and seal.
 */

export function drawTitle(doc: Pdf, zh: string, en: string, number: string) {
  doc.moveDown(0.3);
  doc.font(FONT.title).fontSize(24).fillColor(COLOR.text);
  // Wide letter spacing is how Chinese official titles are set (e.g. 证　明).
  doc.text(zh, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH, align: "center", characterSpacing: 6 });
  doc.font(FONT.body).fontSize(10).fillColor(COLOR.muted);
  doc.text(en, { width: CONTENT_WIDTH, align: "center" });
  doc.moveDown(0.8);
  doc.fontSize(10).fillColor(COLOR.text);
  doc.text(number, { width: CONTENT_WIDTH, align: "right" });
  doc.moveDown(0.6);
}

export function drawParagraph(
  doc: Pdf,
  text: string,
  opts: { size?: number; indent?: boolean; color?: string; lineGap?: number } = {},
) {
  doc.font(FONT.body).fontSize(opts.size ?? 11.5).fillColor(opts.color ?? COLOR.text);
  doc.text(text, PAGE.margin.left, doc.y, {
    width: CONTENT_WIDTH,
    lineGap: opts.lineGap ?? 5,
    indent: opts.indent ? (opts.size ?? 11.5) * 2 : 0,
    align: "justify",
  });
  doc.moveDown(0.5);
}

export interface FieldRow {
  zh: string;
  en: string;
  value: string;
  /** Hashes and codes: fixed-width Latin font, may wrap anywhere. */
  mono?: boolean;
}

/** Two-column ruled table: shaded bilingual label cell, value cell. Rows grow with their content. */
export function drawFieldTable(doc: Pdf, rows: FieldRow[]) {
  const x = PAGE.margin.left;
  const labelW = 150;
  const valueW = CONTENT_WIDTH - labelW;
  const pad = 8;
  let y = doc.y;
  doc.lineWidth(0.7).strokeColor("#333333");
  for (const row of rows) {
    doc.font(row.mono ? FONT.mono : FONT.body).fontSize(row.mono ? 9.5 : 11.5);
    const valueH = doc.heightOfString(row.value || "—", { width: valueW - 2 * pad, lineGap: 3 });
    const h = Math.max(36, valueH + 2 * pad + 4);
    if (y + h > PAGE.height - PAGE.margin.bottom) {
      doc.addPage();
      y = doc.y;
    }
    doc.rect(x, y, labelW, h).fillAndStroke(COLOR.shade, "#333333");
    doc.rect(x + labelW, y, valueW, h).stroke();
    doc.fillColor(COLOR.text).font(FONT.body).fontSize(11);
    doc.text(row.zh, x + pad, y + h / 2 - 12, { width: labelW - 2 * pad, lineBreak: false });
    doc.fillColor(COLOR.muted).fontSize(7.5);
    doc.text(row.en, x + pad, y + h / 2 + 3, { width: labelW - 2 * pad, lineBreak: false });
    doc.fillColor(COLOR.text).font(row.mono ? FONT.mono : FONT.body).fontSize(row.mono ? 9.5 : 11.5);
    doc.text(row.value || "—", x + labelW + pad, y + (h - valueH) / 2 + 1, { width: valueW - 2 * pad, lineGap: 3 });
    y += h;
  }
  doc.x = x;
  doc.y = y + 14;
}

/**
 * Issuer block at the right (centre name over the Chinese date) with a round red seal drawn over it,
 * marked 电子签发专用 — an electronic issue mark, not an imitation of a physical seal's registration number.
 */
export function drawIssuer(doc: Pdf, centreName: string, chineseDate: string, sealText: string) {
  const right = PAGE.width - PAGE.margin.right;
  const r = 44;
  const blockW = 210;
  // Text block left of the seal; the seal overlaps its end a little, as a stamp does, but never hides it.
  const x = right - 2 * r - blockW + 30;
  let y = doc.y + 16;
  if (y + 120 > PAGE.height - PAGE.margin.bottom) {
    doc.addPage();
    y = doc.y + 16;
  }
  doc.font(FONT.body).fontSize(12).fillColor(COLOR.text);
  doc.text(centreName, x, y + 26, { width: blockW, align: "center" });
  doc.text(chineseDate, x, y + 48, { width: blockW, align: "center" });
  drawSeal(doc, right - r, y + 46, r, centreName, sealText);
  doc.x = PAGE.margin.left;
  doc.y = y + 104;
}

function drawSeal(doc: Pdf, cx: number, cy: number, r: number, ring: string, centre: string) {
  doc.save();
  doc.opacity(0.82).strokeColor(COLOR.seal).fillColor(COLOR.seal);
  doc.lineWidth(2.4).circle(cx, cy, r).stroke();
  doc.lineWidth(0.6).circle(cx, cy, r - 4).stroke();
  // Five-pointed star in the middle.
  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const rr = i % 2 === 0 ? 11 : 4.4;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push([cx + rr * Math.cos(a), cy - 2 + rr * Math.sin(a)]);
  }
  doc.polygon(...star).fill();
  // Ring text along the upper arc, each glyph rotated to face outwards.
  const chars = [...ring];
  const size = chars.length > 12 ? 8.5 : 10;
  const span = Math.min(250, chars.length * 20);
  doc.font(FONT.body).fontSize(size);
  chars.forEach((ch, i) => {
    const deg = -span / 2 + (span * (i + 0.5)) / chars.length;
    doc.save();
    doc.rotate(deg, { origin: [cx, cy] });
    doc.text(ch, cx - size / 2, cy - r + 6, { lineBreak: false, width: size, align: "center" });
    doc.restore();
  });
  doc.fontSize(7.5).text(centre, cx - r, cy + 14, { width: 2 * r, align: "center", lineBreak: false });
  doc.restore();
}

/** The small print a system-issued document ends with: issued by the system, and where to check it online. */
export function drawSystemFooter(doc: Pdf, verifyUrl?: string) {
  const small = { size: 9, color: COLOR.muted, lineGap: 2 };
  drawParagraph(doc, docText("zh-CN", "pdf.issuedBySystem"), small);
  if (verifyUrl) drawParagraph(doc, docText("zh-CN", "pdf.verifyAt", { url: verifyUrl }), small);
}

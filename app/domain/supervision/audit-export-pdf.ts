import { describeEntry } from "~/domain/audit/describe-entry";
import type { AuditEntryView } from "~/domain/audit/list-audit-entries";
import { formatShanghai } from "~/lib/time";
import { drawFieldTable, drawParagraph, drawTitle, type FieldRow } from "~/domain/documents/layout";
import { COLOR, CONTENT_WIDTH, createPdf, finishPdf, FONT, PAGE, type Pdf } from "~/domain/documents/pdf";
import { docText, zhEn } from "~/domain/documents/texts";
import { notifyT } from "~/domain/notify/templates";

export interface CheckpointRef {
  day: string;
  headSeq: string;
  headHash: string;
}

export interface AuditExportPdfData {
  number: string;
  contentDigest: string;
  generatedAt: Date;
  /** Human description of the filter ("action=lot.approve, from=…"), or empty for the whole log. */
  filterText: string;
  requestedBy: string;
  upToSeq: string;
  entries: AuditEntryView[];
  /** The published checkpoints around the range: the last one before its first entry, the first one at or after its last. */
  checkpointBefore: CheckpointRef | null;
  checkpointAfter: CheckpointRef | null;
  /** Called every few hundred entries with the share rendered (0–1). */
  onProgress?: (done: number) => Promise<void> | void;
}

const T = (k: string, p?: Record<string, string | number>) => docText("zh-CN", `auditExport.${k}`, p);
const BODY = 7.5;
const MONO = 6.3;
const LINE = 9;
const ROW_H = 3 * LINE + 4;
const LEFT_W = 192;
const RIGHT_X = PAGE.margin.left + LEFT_W + 8;
const BOTTOM = PAGE.height - PAGE.margin.bottom;

/** Cuts text to an approximate width (CJK ≈ 1 em, Latin ≈ 0.55 em): cheap enough for 50 000 rows. */
function fit(s: string, width: number, size: number): string {
  let w = 0;
  let out = "";
  for (const ch of s) {
    w += (/[\u2e80-\uffff]/.test(ch) ? 1 : 0.56) * size;
    if (w > width - size) return `${out}…`;
    out += ch;
  }
  return out;
}

function columnHeads(doc: Pdf, y: number): number {
  doc.font(FONT.body).fontSize(BODY).fillColor(COLOR.muted);
  doc.text(T("cols.entry"), PAGE.margin.left, y, { lineBreak: false });
  doc.text(T("cols.chain"), RIGHT_X, y, { lineBreak: false });
  doc.moveTo(PAGE.margin.left, y + LINE + 1).lineTo(PAGE.width - PAGE.margin.right, y + LINE + 1).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
  doc.fillColor(COLOR.text);
  return y + LINE + 4;
}

const zhT = notifyT("zh-CN");

function drawEntry(doc: Pdf, e: AuditEntryView, y: number) {
  const x = PAGE.margin.left;
  // In words, as on the live log page (describe-entry.ts); the action code stays for the record.
  const w = describeEntry(e, zhT, (iso) => formatShanghai(new Date(iso), "yyyy-MM-dd HH:mm:ss"));
  const role = zhT(`common:roles.${e.actorRole}`, { defaultValue: e.actorRole });
  const who = `${e.actorName ?? e.actorId ?? T("system")}（${role}）${e.orgName ? ` · ${e.orgName}` : ""}`;
  const what = `${w.action}（${e.action}）→ ${w.entity}${w.line ? `；${w.line}` : ""}`;
  doc.font(FONT.body).fontSize(BODY).fillColor(COLOR.text);
  doc.text(fit(`#${e.seq}  ${formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss")}${e.ip ? `  IP ${e.ip}` : ""}`, LEFT_W, BODY), x, y, { lineBreak: false });
  doc.text(fit(who, LEFT_W, BODY), x, y + LINE, { lineBreak: false });
  doc.text(fit(what, LEFT_W, BODY), x, y + 2 * LINE, { lineBreak: false });
  doc.font(FONT.mono).fontSize(MONO);
  doc.text(`hash ${e.hash ?? ""}`, RIGHT_X, y + 1, { lineBreak: false });
  doc.fillColor(COLOR.muted).text(`prev ${e.prevHash ?? ""}`, RIGHT_X, y + LINE + 1, { lineBreak: false });
  doc.moveTo(x, y + ROW_H - 2).lineTo(PAGE.width - PAGE.margin.right, y + ROW_H - 2).lineWidth(0.2).strokeColor("#cccccc").stroke();
}

/**
 * 审计日志导出 as PDF bytes: a cover table (filter, range, count), then every entry — time (Shanghai),
 * actor, action, target, IP — beside its chain position and hashes, then the range summary with the
 * neighbouring public checkpoints. Every page repeats the range's first and last hash above the footer,
 * so a single printed page can be matched against the checkpoints. Pure rendering.
 */
export async function renderAuditExportPdf(d: AuditExportPdfData): Promise<Buffer> {
  const title = zhEn("auditExport.title");
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  const first = d.entries[0];
  const last = d.entries[d.entries.length - 1];
  const f = (k: string) => zhEn(`auditExport.fields.${k}`);
  drawTitle(doc, title.zh, title.en, `${docText("zh-CN", "pdf.number")}：${d.number}`);
  drawParagraph(doc, T("intro"), { size: 10, indent: true });
  const rows: FieldRow[] = [
    { ...f("filter"), value: d.filterText || T("wholeLog") },
    { ...f("range"), value: first && last ? `#${first.seq} – #${last.seq}（${T("upTo", { seq: d.upToSeq })}）` : "—" },
    { ...f("count"), value: d.entries.length.toLocaleString("en-US") },
    { ...f("requestedBy"), value: d.requestedBy },
  ];
  drawFieldTable(doc, rows);

  let y = columnHeads(doc, doc.y);
  let i = 0;
  for (const e of d.entries) {
    if (y + ROW_H > BOTTOM) {
      doc.addPage();
      y = columnHeads(doc, PAGE.margin.top);
    }
    drawEntry(doc, e, y);
    y += ROW_H;
    if (++i % 500 === 0) await d.onProgress?.(i / d.entries.length);
  }

  doc.x = PAGE.margin.left;
  doc.y = y + 10;
  if (doc.y + 260 > BOTTOM) doc.addPage();
  doc.font(FONT.title).fontSize(13).fillColor(COLOR.text).text(T("summary"), PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
  const halves = (h: string | null | undefined) => (h ? `${h.slice(0, 32)}\n${h.slice(32)}` : "—");
  const cp = (c: CheckpointRef | null) => (c ? `${c.day} · #${c.headSeq}\n${halves(c.headHash)}` : T("noCheckpoint"));
  drawFieldTable(doc, [
    { ...f("firstHash"), value: first ? `#${first.seq}\n${halves(first.hash)}` : "—", mono: true },
    { ...f("lastHash"), value: last ? `#${last.seq}\n${halves(last.hash)}` : "—", mono: true },
    // Courier has no CJK glyphs: the "no checkpoint yet" text goes in the body font.
    { ...f("checkpointBefore"), value: cp(d.checkpointBefore), mono: d.checkpointBefore !== null },
    { ...f("checkpointAfter"), value: cp(d.checkpointAfter), mono: d.checkpointAfter !== null },
  ]);
  drawParagraph(doc, T("howToVerify"), { size: 9, color: COLOR.muted, lineGap: 2 });

  // Range footer on every page, just above the standard footer that finishPdf draws.
  const { start, count } = doc.bufferedPageRange();
  for (let p = start; p < start + count; p++) {
    doc.switchToPage(p);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    doc.font(FONT.mono).fontSize(5.8).fillColor(COLOR.muted);
    doc.text(`first #${first?.seq ?? "-"} ${first?.hash ?? ""}`, PAGE.margin.left, BOTTOM + 3, { lineBreak: false });
    doc.text(`last  #${last?.seq ?? "-"} ${last?.hash ?? ""}`, PAGE.margin.left, BOTTOM + 10, { lineBreak: false });
    doc.page.margins = saved;
  }
  return finishPdf(doc);
}

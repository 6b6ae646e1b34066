import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, CONTENT_WIDTH, FONT, PAGE, createPdf, finishPdf, type Pdf } from "~/domain/documents/pdf";
import type { ReadingRow } from "./reading";

export interface OpeningRecordContent {
  number: string;
  contentDigest: string;
  centreName: string;
  lotLabel: string;
  openedAt: Date;
  startedAt: Date | null;
  readAt: Date | null;
  closedAt: Date | null;
  hostName: string;
  attendance: { name: string; at: Date }[];
  rows: (ReadingRow & { faultReason: string | null })[];
  objections: { by: string; text: string; raisedAt: Date; answer: string | null; answeredAt: Date | null }[];
  confirmations: { name: string; kind: string; reason: string | null; at: Date }[];
}

const STATUS_ZH: Record<string, string> = { DECRYPTED: "解密成功", TAMPERED: "文件校验不符（未开启）", NOT_DECRYPTED: "未解密", PENDING: "未解密" };
const FAULT_ZH: Record<string, string> = { BIDDER: "投标人原因，视为撤销投标文件", OTHER: "非投标人原因，视为撤回投标文件" };
const CONFIRM_ZH: Record<string, string> = { CONFIRMED: "确认", DISAGREED: "有异议", SILENT: "未确认（视为无异议）" };

function heading(doc: Pdf, text: string) {
  if (doc.y > PAGE.height - PAGE.margin.bottom - 60) doc.addPage();
  doc.moveDown(0.4);
  doc.font(FONT.title).fontSize(13).fillColor(COLOR.text).text(text, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

/** 开标记录表: the official Chinese record of the opening (the document itself is Chinese, as filed). */
export async function renderOpeningRecordPdf(c: OpeningRecordContent): Promise<Buffer> {
  const doc = createPdf({ title: "开标记录表", number: c.number, contentDigest: c.contentDigest, centreName: c.centreName });
  drawTitle(doc, "开标记录表", "Bid opening record", c.number);
  drawFieldTable(doc, [
    { zh: "项目及标段", en: "Lot", value: c.lotLabel },
    { zh: "开标时间", en: "Opened at", value: formatShanghai(c.openedAt) },
    { zh: "解密开始", en: "Decryption started", value: c.startedAt ? formatShanghai(c.startedAt) : "—" },
    { zh: "唱标时间", en: "Read out at", value: c.readAt ? formatShanghai(c.readAt) : "—" },
    { zh: "主持人", en: "Host", value: c.hostName },
    { zh: "签到投标人", en: "Signed in", value: c.attendance.map((a) => `${a.name}（${formatShanghai(a.at, "HH:mm:ss")}）`).join("；") || "—" },
  ]);
  heading(doc, "一、唱标（按投标文件递交时间先后）");
  for (const r of c.rows) {
    const price = r.priceText ? `${r.priceText}（大写：${r.priceInWords}）` : STATUS_ZH[r.status] ?? r.status;
    const extra = [
      r.durationDays !== null ? `工期/服务期：${r.durationDays}日历天` : "",
      ...r.fields.map((f) => `${f.name}：${f.value}`),
      r.fault ? `${FAULT_ZH[r.fault]}${r.faultReason ? `（${r.faultReason}）` : ""}` : "",
    ].filter(Boolean);
    drawParagraph(doc, `${r.ordinal}. ${r.bidderName}　递交时间 ${formatShanghai(new Date(r.submittedAt))}　${STATUS_ZH[r.status] ?? r.status}\n投标报价：${price}${extra.length ? `\n${extra.join("；")}` : ""}`, { size: 10.5, lineGap: 3 });
  }
  heading(doc, "二、开标现场异议及答复");
  if (c.objections.length === 0) drawParagraph(doc, "无。", { size: 10.5 });
  for (const o of c.objections) {
    drawParagraph(doc, `${o.by}（${formatShanghai(o.raisedAt, "HH:mm:ss")}）：${o.text}\n答复${o.answeredAt ? `（${formatShanghai(o.answeredAt, "HH:mm:ss")}）` : ""}：${o.answer ?? "未答复"}`, { size: 10.5, lineGap: 3 });
  }
  heading(doc, "三、投标人对开标记录的确认");
  for (const k of c.confirmations) {
    drawParagraph(doc, `${k.name}：${CONFIRM_ZH[k.kind] ?? k.kind}${k.reason ? `——${k.reason}` : ""}（${formatShanghai(k.at, "HH:mm:ss")}）`, { size: 10.5, lineGap: 3 });
  }
  drawIssuer(doc, c.centreName, formatShanghaiChineseDate(c.closedAt ?? new Date()), "开标专用");
  return finishPdf(doc);
}

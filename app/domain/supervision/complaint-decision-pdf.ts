import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, createPdf, finishPdf } from "~/domain/documents/pdf";
import { docText } from "~/domain/documents/texts";

export interface ComplaintDecisionPdfData {
  number: string;
  contentDigest: string;
  projectCode: string;
  lotTitle: string;
  complainant: string;
  filedAt: Date;
  acceptedAt: Date | null;
  decidedAt: Date;
  grounds: string;
  decision: string;
  generatedAt: Date;
}

/** 投诉处理决定书 as PDF bytes (pure rendering). */
export async function renderComplaintDecisionPdf(d: ComplaintDecisionPdfData): Promise<Buffer> {
  const doc = createPdf({ title: "投诉处理决定书", number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  drawTitle(doc, "投诉处理决定书", "Decision on a complaint", `${docText("zh-CN", "pdf.number")}：${d.number}`);
  const when = (x: Date | null) => (x ? `${formatShanghai(x, "yyyy-MM-dd HH:mm")}（${docText("zh-CN", "pdf.timeZone")}）` : "—");
  drawFieldTable(doc, [
    { zh: "项目编号", en: "Project", value: d.projectCode },
    { zh: "标段", en: "Lot", value: d.lotTitle },
    { zh: "投诉人", en: "Complainant", value: d.complainant },
    { zh: "投诉时间", en: "Filed", value: when(d.filedAt) },
    { zh: "受理时间", en: "Accepted", value: when(d.acceptedAt) },
    { zh: "决定时间", en: "Decided", value: when(d.decidedAt) },
  ]);
  drawParagraph(doc, "投诉事项：", { size: 12 });
  for (const p of d.grounds.split("\n").filter((x) => x.trim())) drawParagraph(doc, p, { indent: true, size: 10.5 });
  drawParagraph(doc, "处理决定：", { size: 12 });
  for (const p of d.decision.split("\n").filter((x) => x.trim())) drawParagraph(doc, p, { indent: true });
  drawParagraph(doc, "投诉人对本决定不服的，可以依法申请行政复议或者向人民法院提起行政诉讼。", { size: 10, color: COLOR.muted });
  drawIssuer(doc, doc.meta.centreName, formatShanghaiChineseDate(d.decidedAt), docText("zh-CN", "pdf.seal"));
  return finishPdf(doc);
}

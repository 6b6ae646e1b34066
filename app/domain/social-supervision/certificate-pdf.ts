import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, createPdf, finishPdf } from "~/domain/documents/pdf";
import { docText } from "~/domain/documents/texts";
import zh from "~/locales/zh-CN/social.json";

export interface CertificatePdfData {
  number: string;
  contentDigest: string;
  name: string;
  affiliation: string;
  termStart: Date;
  termEnd: Date;
  signedAt: Date;
  agreementVersion: string;
  /** Duty keys ("social:duties.observe"). */
  duties: string[];
  generatedAt: Date;
}

const dutyText = (key: string) => (zh.duties as Record<string, string>)[key.replace(/^social:duties\./, "")] ?? key;

/** 社会监督员聘书 as PDF bytes (pure rendering). */
export async function renderCertificatePdf(d: CertificatePdfData): Promise<Buffer> {
  const doc = createPdf({ title: "社会监督员聘书", number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  drawTitle(doc, "聘　书", "Certificate of appointment: social supervisor", `${docText("zh-CN", "pdf.number")}：${d.number}`);
  drawParagraph(doc, `兹聘请 ${d.name} 同志为${doc.meta.centreName}社会监督员。`, { size: 14, indent: true });
  const day = (x: Date) => formatShanghai(x, "yyyy-MM-dd");
  drawFieldTable(doc, [
    { zh: "姓名", en: "Name", value: d.name },
    { zh: "身份/单位", en: "Affiliation", value: d.affiliation || "—" },
    { zh: "聘期", en: "Term", value: `${day(d.termStart)} 至 ${day(d.termEnd)}` },
    { zh: "协议签署", en: "Agreement signed", value: `${formatShanghai(d.signedAt, "yyyy-MM-dd HH:mm")}（${docText("zh-CN", "pdf.timeZone")}），版本 ${d.agreementVersion}` },
  ]);
  drawParagraph(doc, "监督员职责：", { size: 12 });
  // One paragraph, one line per duty: the certificate and its seal fit on a single page.
  drawParagraph(doc, d.duties.map((k, i) => `${i + 1}. ${dutyText(k)}`).join("\n"), { size: 10.5, lineGap: 4 });
  drawParagraph(doc, "社会监督员只观察、不干预交易活动；与监督项目有利害关系的应当申请回避。违反职责的，监督部门可以解聘。", {
    size: 10,
    color: COLOR.muted,
  });
  drawIssuer(doc, doc.meta.centreName, formatShanghaiChineseDate(d.signedAt), docText("zh-CN", "pdf.seal"));
  return finishPdf(doc);
}

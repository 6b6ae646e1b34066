import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawSystemFooter, drawTitle } from "~/domain/documents/layout";
import { createPdf, finishPdf } from "~/domain/documents/pdf";
import { docText } from "~/domain/documents/texts";
import { getEnv } from "~/lib/env.server";
import { tenderText } from "./texts";

export interface AnnouncementPdfData {
  announcementId: string;
  number: string;
  contentDigest: string;
  kind: string;
  title: string;
  body: string;
  publishedAt: Date;
  project: { code: string; title: string };
  lot: { id: string; lotNo: number; title: string; bidDeadline: Date };
  generatedAt: Date;
}

const zhEn = (key: string) => ({ zh: tenderText("zh-CN", key), en: tenderText("en", key) });

/** An announcement (招标公告, 变更公告, 澄清 …) as PDF bytes (pure rendering: no database, no storage). */
export async function renderAnnouncementPdf(d: AnnouncementPdfData): Promise<Buffer> {
  const kind = zhEn(`announcementKinds.${d.kind}`);
  const doc = createPdf({ title: kind.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  drawTitle(doc, d.title, kind.en, `${docText("zh-CN", "pdf.number")}：${d.number}`);
  const when = (x: Date) => `${formatShanghai(x, "yyyy-MM-dd HH:mm")}（${docText("zh-CN", "pdf.timeZone")}）`;
  drawFieldTable(doc, [
    { ...zhEn("pdf.fields.project"), value: `${d.project.title}（${d.project.code}）` },
    { ...zhEn("pdf.fields.lot"), value: `${d.lot.lotNo}：${d.lot.title}` },
    { ...zhEn("pdf.fields.kind"), value: kind.zh },
    { ...zhEn("pdf.fields.publishedAt"), value: when(d.publishedAt) },
    { ...zhEn("pdf.fields.deadline"), value: when(d.lot.bidDeadline) },
  ]);
  for (const para of d.body.split("\n").filter((p) => p.trim())) drawParagraph(doc, para, { indent: true });
  drawIssuer(doc, doc.meta.centreName, formatShanghaiChineseDate(d.publishedAt), docText("zh-CN", "pdf.seal"));
  drawSystemFooter(doc, `${getEnv().PUBLIC_URL}/tenders/${d.lot.id}`);
  return finishPdf(doc);
}

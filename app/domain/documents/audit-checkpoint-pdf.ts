import { getEnv } from "~/lib/env.server";
import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawSystemFooter, drawTitle } from "./layout";
import { createPdf, finishPdf } from "./pdf";
import { docText, zhEn } from "./texts";

export interface AuditCheckpointData {
  documentId: string;
  number: string;
  contentDigest: string;
  checkpoint: { day: string; headSeq: bigint; headHash: string; count: bigint; createdAt: Date };
  generatedAt: Date;
}

const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** 审计日志检查点 as PDF bytes (pure rendering). */
export async function renderAuditCheckpointPdf(d: AuditCheckpointData): Promise<Buffer> {
  const env = getEnv();
  const title = zhEn("auditCheckpoint.title");
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.generatedAt });
  const centre = doc.meta.centreName;
  const cp = d.checkpoint;

  drawTitle(doc, title.zh, title.en, `${docText("zh-CN", "pdf.number")}：${d.number}`);
  drawParagraph(doc, docText("zh-CN", "auditCheckpoint.intro", { centre }), { indent: true });
  doc.moveDown(0.3);
  const f = (k: string) => zhEn(`auditCheckpoint.fields.${k}`);
  drawFieldTable(doc, [
    { ...f("day"), value: cp.day },
    { ...f("headSeq"), value: grouped(cp.headSeq) },
    // Two halves of 32 hex digits read (and compare) more easily than an arbitrary wrap.
    { ...f("headHash"), value: `${cp.headHash.slice(0, 32)}\n${cp.headHash.slice(32)}`, mono: true },
    { ...f("count"), value: grouped(cp.count) },
    { ...f("createdAt"), value: `${formatShanghai(cp.createdAt)}（${docText("zh-CN", "pdf.timeZone")}）` },
  ]);
  drawParagraph(doc, docText("zh-CN", "auditCheckpoint.closing", { seq: cp.headSeq.toString() }), { size: 10.5, indent: true });
  drawIssuer(doc, centre, formatShanghaiChineseDate(d.generatedAt), docText("zh-CN", "pdf.seal"));
  drawSystemFooter(doc, `${env.PUBLIC_URL}/documents/${d.documentId}`);
  return finishPdf(doc);
}

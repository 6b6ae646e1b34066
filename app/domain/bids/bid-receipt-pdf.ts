import { drawFieldTable, drawIssuer, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, createPdf, finishPdf } from "~/domain/documents/pdf";
import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import en from "~/locales/en/bids.json";
import zh from "~/locales/zh-CN/bids.json";

export interface BidReceiptPdfData {
  number: string;
  kind: "SUBMITTED" | "WITHDRAWN";
  contentDigest: string;
  issuedAt: Date;
  bidId: string;
  bidderName: string;
  bidderCreditCode: string;
  lotLabel: string;
  ciphertextSha256: string;
  plaintextSha256: string;
  size: string;
  keyFingerprint: string;
  verifyUrl: string;
}

/** 回执 as PDF bytes (pure rendering). Labels come from the bids locale files, Chinese over English. */
export async function renderBidReceiptPdf(d: BidReceiptPdfData): Promise<Buffer> {
  const title = { zh: zh.receiptKinds[d.kind], en: en.receiptKinds[d.kind] };
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.issuedAt });
  drawTitle(doc, title.zh, title.en, `${zh.receipt.number}：${d.number}`);
  const f = (k: keyof typeof zh.receipt) => ({ zh: zh.receipt[k], en: en.receipt[k] });
  drawFieldTable(doc, [
    { ...f("number"), value: d.number, mono: true },
    { ...f("bidder"), value: `${d.bidderName}（${d.bidderCreditCode}）` },
    { ...f("lot"), value: d.lotLabel },
    // Milliseconds: the receipt states the instant the database recorded, to the ms.
    { ...f("issuedAt"), value: `${formatShanghai(d.issuedAt, "yyyy-MM-dd HH:mm:ss.SSS")}（UTC ${d.issuedAt.toISOString()}）` },
    { ...f("bidId"), value: d.bidId, mono: true },
    { ...f("ciphertextSha256"), value: d.ciphertextSha256, mono: true },
    { ...f("plaintextSha256"), value: d.plaintextSha256, mono: true },
    { ...f("size"), value: d.size, mono: true },
    { ...f("keyFingerprint"), value: d.keyFingerprint.toUpperCase().replace(/(.{4})(?=.)/g, "$1 "), mono: true },
  ]);
  drawParagraph(doc, zh.receipt.note, { indent: true, size: 10.5 });
  drawIssuer(doc, doc.meta.centreName, formatShanghaiChineseDate(d.issuedAt), "电子签发专用");
  drawParagraph(doc, d.verifyUrl, { size: 9, color: COLOR.muted, lineGap: 2 });
  return finishPdf(doc);
}

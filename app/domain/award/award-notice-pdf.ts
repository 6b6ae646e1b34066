import { amountInWords } from "~/lib/money";
import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawTitle, type FieldRow } from "~/domain/documents/layout";
import { COLOR, createPdf, finishPdf } from "~/domain/documents/pdf";
import { formatYuan } from "~/lib/money";

export interface AwardNoticeData {
  kind: "WINNER" | "RESULT";
  number: string;
  contentDigest: string;
  documentUrl: string;
  buyerName: string;
  bidderName: string;
  lotLabel: string;
  projectCode: string;
  winnerName: string;
  winnerPriceFen: bigint;
  rank: number | null;
  totalScore: string | null;
  priceFen: bigint;
  rejectionReason: string | null;
  contractDueAt: Date;
  issuedAt: Date;
}

/**
 * 中标通知书 (to the winner, 招标投标法 art. 45) and 中标结果通知书 (to every other bidder, with its own rank and
 * score or the reason its bid was rejected). Pure rendering: no database, no storage.
 */
export async function renderAwardNoticePdf(d: AwardNoticeData): Promise<Buffer> {
  const winner = d.kind === "WINNER";
  const title = winner ? { zh: "中标通知书", en: "Notice of Award" } : { zh: "中标结果通知书", en: "Notice of Tender Result" };
  const doc = createPdf({ title: title.zh, number: d.number, contentDigest: d.contentDigest, generatedAt: d.issuedAt });
  drawTitle(doc, title.zh, title.en, `编号：${d.number}`);
  drawParagraph(doc, `${d.bidderName}：`);
  if (winner) {
    drawParagraph(
      doc,
      `你单位于${formatShanghai(d.issuedAt, "yyyy年M月d日")}前递交的${d.lotLabel}（项目编号：${d.projectCode}）投标文件，经评标委员会评审、招标人确定，` +
        `你单位为中标人。请在${formatShanghai(d.contractDueAt, "yyyy年M月d日")}前，按照招标文件和你单位的投标文件与招标人订立书面合同` +
        `（《中华人民共和国招标投标法》第四十六条）。`,
      { indent: true },
    );
  } else {
    drawParagraph(doc, `${d.lotLabel}（项目编号：${d.projectCode}）的评标和定标工作已结束，现将结果通知如下：`, { indent: true });
  }
  const rows: FieldRow[] = [
    { zh: "项目标段", en: "Lot", value: d.lotLabel },
    { zh: "中标人", en: "Winner", value: d.winnerName },
    { zh: "中标价", en: "Award price", value: `${formatYuan(d.winnerPriceFen)} 元（${amountInWords(d.winnerPriceFen)}）` },
  ];
  if (!winner) {
    rows.push({ zh: "你单位投标报价", en: "Your bid price", value: `${formatYuan(d.priceFen)} 元` });
    if (d.rejectionReason) rows.push({ zh: "评审结论", en: "Result", value: `否决投标：${d.rejectionReason}` });
    else rows.push({ zh: "你单位排名", en: "Your rank", value: `第 ${d.rank ?? "—"} 名${d.totalScore ? `，综合得分 ${d.totalScore}` : ""}` });
  }
  drawFieldTable(doc, rows);
  if (!winner) drawParagraph(doc, "感谢你单位参与投标。投标保证金将在书面合同签订后依法退还（《中华人民共和国招标投标法实施条例》第五十七条）。", { indent: true });
  drawIssuer(doc, d.buyerName, formatShanghaiChineseDate(d.issuedAt), "电子签发专用");
  drawParagraph(doc, `本通知书由交易平台电子签发，可在 ${d.documentUrl} 核验。`, { size: 9, color: COLOR.muted, lineGap: 2 });
  return finishPdf(doc);
}

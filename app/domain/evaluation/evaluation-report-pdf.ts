import { formatShanghai, formatShanghaiChineseDate } from "~/lib/time";
import { drawFieldTable, drawIssuer, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, CONTENT_WIDTH, FONT, PAGE, createPdf, finishPdf, type Pdf } from "~/domain/documents/pdf";

/** Everything the 评标报告 states; the generator builds it from the rows, the bench from synthetic data. */
export interface EvaluationReportContent {
  number: string;
  contentDigest: string;
  centreName: string;
  lotLabel: string;
  profileLabel: string;
  methodLabel: string;
  startedAt: Date;
  computedAt: Date;
  ceilingText: string;
  members: { seat: number; name: string; kind: string; chair: boolean; note: string }[];
  opening: { ordinal: number; bidderName: string; priceText: string; flags: string }[];
  criteria: { name: string; max: number; price: boolean }[];
  formula: string;
  roundingRule: string;
  tieBreakRule: string;
  rejected: { ordinal: number; bidderName: string; ground: string; reason: string; votes: string }[];
  ranking: { rank: number; ordinal: number; bidderName: string; priceText: string; priceScore: string; memberTotals: string; result: string; tied: boolean }[];
  candidates: { rank: number; bidderName: string; priceText: string; result: string }[];
  clarifications: { ordinal: number; bidderName: string; question: string; answer: string }[];
  deviations: { seat: number; ordinal: number; criterion: string; score: string; mean: string }[];
  sheets: { seat: number; sha256: string; submittedAt: Date; revisions: number }[];
  preliminary: { ordinal: number; bidderName: string; failed: string }[];
}

function heading(doc: Pdf, text: string) {
  if (doc.y > PAGE.height - PAGE.margin.bottom - 60) doc.addPage();
  doc.moveDown(0.4);
  doc.font(FONT.title).fontSize(13).fillColor(COLOR.text).text(text, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

const line = (doc: Pdf, text: string) => drawParagraph(doc, text, { size: 10, lineGap: 2 });

/**
 * 评标报告 with the ten items of 七部委12号令第四十二条, the sealed sheets' hashes and the scoring
 * deviations. Signatures are detached: each member confirms the SHA-256 of this PDF with a one-time code
 * (or writes a dissent), recorded with the frozen outcome — so the PDF itself never changes after signing.
 */
export async function renderEvaluationReportPdf(c: EvaluationReportContent): Promise<Buffer> {
  const doc = createPdf({ title: "评标报告", number: c.number, contentDigest: c.contentDigest, centreName: c.centreName });
  drawTitle(doc, "评标报告", "Evaluation report", c.number);
  heading(doc, "一、基本情况和数据表");
  drawFieldTable(doc, [
    { zh: "项目及标段", en: "Lot", value: c.lotLabel },
    { zh: "规则", en: "Profile", value: c.profileLabel },
    { zh: "评标方法", en: "Method", value: c.methodLabel },
    { zh: "最高投标限价", en: "Ceiling price", value: c.ceilingText },
    { zh: "评标开始", en: "Started", value: formatShanghai(c.startedAt) },
    { zh: "结果计算", en: "Computed", value: formatShanghai(c.computedAt) },
  ]);
  heading(doc, "二、评标委员会成员名单");
  for (const m of c.members) line(doc, `委员 ${m.seat}　${m.name}　${m.kind}${m.chair ? "　（主任委员）" : ""}${m.note ? `　${m.note}` : ""}`);
  heading(doc, "三、开标记录");
  for (const o of c.opening) line(doc, `${o.ordinal}. ${o.bidderName}　投标报价 ${o.priceText}${o.flags ? `　清标：${o.flags}` : ""}`);
  heading(doc, "四、符合要求的投标一览表");
  const ok = c.ranking.map((r) => `${r.ordinal}. ${r.bidderName}`);
  line(doc, ok.length ? ok.join("；") : "无");
  for (const p of c.preliminary) line(doc, `${p.ordinal}. ${p.bidderName}　初步评审不合格项：${p.failed}`);
  heading(doc, "五、否决投标情况说明");
  if (c.rejected.length === 0) line(doc, "无。");
  for (const r of c.rejected) line(doc, `${r.ordinal}. ${r.bidderName}　依据：${r.ground}　理由：${r.reason}　表决：${r.votes}`);
  heading(doc, "六、评标标准、评标方法或者评标因素一览表");
  for (const k of c.criteria) line(doc, `${k.name}　满分 ${k.max}${k.price ? `　（价格分，按公式计算：${c.formula}）` : ""}`);
  line(doc, `计分修约规则：${c.roundingRule}（四舍五入，保留两位小数）；排序规则：${c.tieBreakRule}`);
  heading(doc, "七、经评审的价格或者评分比较一览表");
  for (const r of c.ranking) line(doc, `${r.ordinal}. ${r.bidderName}　报价 ${r.priceText}　价格分 ${r.priceScore}　各委员：${r.memberTotals}　结果 ${r.result}`);
  heading(doc, "八、经评审的投标人排序");
  for (const r of c.ranking) line(doc, `第 ${r.rank} 名　${r.bidderName}　${r.result}${r.tied ? "（并列）" : ""}`);
  heading(doc, "九、推荐的中标候选人名单与签订合同前要处理的事宜");
  for (const r of c.candidates) line(doc, `中标候选人第 ${r.rank} 名：${r.bidderName}　报价 ${r.priceText}　${r.result}`);
  line(doc, "签订合同前要处理的事宜：中标候选人公示期满无异议（或异议答复后）确定中标人；核验中标人资格证明原件。");
  heading(doc, "十、澄清、说明、补正事项纪要");
  if (c.clarifications.length === 0) line(doc, "无。");
  for (const q of c.clarifications) line(doc, `${q.ordinal}. ${q.bidderName}　问：${q.question}　答：${q.answer}`);
  heading(doc, "附一、评分表封存摘要（SHA-256）");
  for (const s of c.sheets) {
    doc.font(FONT.body).fontSize(9.5).fillColor(COLOR.text).text(`委员 ${s.seat}　提交 ${formatShanghai(s.submittedAt)}${s.revisions ? `　复核 ${s.revisions} 次` : ""}`, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
    doc.font(FONT.mono).fontSize(8.5).text(s.sha256, { width: CONTENT_WIDTH });
    doc.moveDown(0.2);
  }
  heading(doc, "附二、评分偏离提示");
  if (c.deviations.length === 0) line(doc, "无。");
  for (const d of c.deviations) line(doc, `委员 ${d.seat}　投标人 ${d.ordinal}　${d.criterion}　评分 ${d.score}　委员会中位数 ${d.mean}`);
  heading(doc, "附三、签署");
  line(doc, "评标委员会成员以一次性验证码对本报告的 SHA-256 摘要逐一确认签署；持不同意见的成员书面说明理由并签署（招标投标法实施条例第五十三条）。签署记录随评标结果冻结保存。");
  drawIssuer(doc, c.centreName, formatShanghaiChineseDate(c.computedAt), "评标专用");
  return finishPdf(doc);
}

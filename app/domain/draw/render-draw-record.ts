import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { formatShanghai } from "~/lib/time";
import { drawFieldTable, drawParagraph, drawTitle } from "~/domain/documents/layout";
import { COLOR, CONTENT_WIDTH, FONT, PAGE, createPdf, finishPdf, type Pdf } from "~/domain/documents/pdf";
import { DomainError } from "~/domain/errors";
import type { Db, Tx } from "~/lib/db.server";
import zh from "~/locales/zh-CN/experts.json";

/**
 * 专家抽取记录表 (draw record): conditions, commitment, each eligible list's size and digest, avoidance
 * counts, seats with statuses, signature lines for the staff member and the supervisor. Two copies:
 * the staff copy (stored Document, never any name or expert code — codes can be looked up in the pool)
 * and the supervisors' sealed copy with names (rendered on request, not stored). `withNames` is decided
 * by the caller's permission, never by this file.
 */
export interface DrawRecordSeat {
  specialtyCode: string;
  role: "MEMBER" | "BACKUP";
  rank: number;
  status: string;
  respondedAt: Date | null;
  expert?: { code: string; name: string; employer: string; title: string };
}

export interface DrawRecordData {
  drawId: string;
  seq: number;
  kind: "INITIAL" | "SUPPLEMENTARY";
  status: string;
  lotLabel: string;
  committeeMembers: number;
  evaluationAt: Date;
  evaluationPlace: string;
  responseMinutes: number;
  commitment: string;
  requestedAt: Date;
  drawnAt: Date | null;
  finalizedAt: Date | null;
  /** Only once final (it is public then). */
  entropy: string | null;
  finalSeed: string | null;
  avoidance: Record<string, number>;
  pools: { specialtyCode: string; specialtyName: string; members: number; backups: number; count: number; digest: string }[];
  seats: DrawRecordSeat[];
  withNames: boolean;
}

export async function loadDrawRecord(db: Db | Tx, drawId: string, withNames: boolean): Promise<DrawRecordData> {
  const draw = await db.draw.findUnique({
    where: { id: drawId },
    include: { pools: { orderBy: { position: "asc" } }, members: { orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }] } },
  });
  if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  const lot = await db.lot.findUnique({ where: { id: draw.lotId }, select: { lotNo: true, title: true, project: { select: { code: true, title: true } } } });
  const specs = await db.specialty.findMany({ where: { code: { in: draw.pools.map((p) => p.specialtyCode) } }, select: { code: true, name: true } });
  const experts = withNames
    ? await db.expert.findMany({ where: { id: { in: draw.members.map((m) => m.expertId) } }, select: { id: true, code: true, name: true, employerOrgName: true, title: true } })
    : [];
  const byId = new Map(experts.map((e) => [e.id, e]));
  const final = draw.status === "FINAL";
  return {
    drawId: draw.id,
    seq: draw.seq,
    kind: draw.kind,
    status: draw.status,
    lotLabel: lot ? `${lot.project.code} ${lot.project.title}（${lot.lotNo} ${lot.title}）` : draw.lotId,
    committeeMembers: draw.committeeMembers,
    evaluationAt: draw.evaluationAt,
    evaluationPlace: draw.evaluationPlace,
    responseMinutes: draw.responseMinutes,
    commitment: draw.commitment,
    requestedAt: draw.requestedAt,
    drawnAt: draw.drawnAt,
    finalizedAt: draw.finalizedAt,
    entropy: final ? draw.supervisorEntropy : null,
    finalSeed: final ? draw.finalSeed : null,
    avoidance: draw.avoidance as Record<string, number>,
    pools: draw.pools.map((p) => ({
      specialtyCode: p.specialtyCode, specialtyName: specs.find((s) => s.code === p.specialtyCode)?.name ?? "", members: p.members, backups: p.backups, count: p.codes.length, digest: p.digest,
    })),
    seats: draw.members.map((m) => {
      const e = withNames ? byId.get(m.expertId) : undefined;
      return {
        specialtyCode: m.specialtyCode, role: m.role, rank: m.rank, status: m.status, respondedAt: m.respondedAt,
        ...(e ? { expert: { code: e.code, name: e.name, employer: e.employerOrgName, title: e.title } } : {}),
      };
    }),
    withNames,
  };
}

/** What the record states, for the content digest in the footer (the names copy digests its names too). */
export const drawRecordDigest = (d: DrawRecordData) => sha256Hex(canonicalJson({ document: "draw-record", ...d }));

const when = (x: Date | null) => (x ? `${formatShanghai(x, "yyyy-MM-dd HH:mm")}（北京时间）` : "—");
const AVOIDANCE_ORDER = ["candidates", "inactive", "bidder", "buyer", "agent", "projectPeople", "violation", "leave", "recent", "alreadyInLot", "eligible"] as const;

export async function renderDrawRecordPdf(d: DrawRecordData, meta: { number: string; generatedAt?: Date }): Promise<Buffer> {
  const title = d.withNames ? "专家抽取记录表（监督存档·含姓名）" : "专家抽取记录表";
  const doc = createPdf({ title, number: meta.number, contentDigest: drawRecordDigest(d), generatedAt: meta.generatedAt });
  drawTitle(doc, "专家抽取记录表", d.withNames ? "Expert draw record — sealed copy with names" : "Expert draw record", `编号：${meta.number}`);
  if (d.withNames) drawParagraph(doc, "本副本含专家姓名，仅供监督存档；评标结果确认前不得外传。", { size: 10, color: COLOR.seal });
  drawFieldTable(doc, [
    { zh: "标段", en: "Lot", value: d.lotLabel },
    { zh: "抽取", en: "Draw", value: `${zh.kind[d.kind]} 第 ${d.seq} 次 · ${zh.status[d.status as keyof typeof zh.status] ?? d.status}` },
    { zh: "评标时间", en: "Evaluation", value: when(d.evaluationAt) },
    { zh: "评标地点", en: "Place", value: d.evaluationPlace },
    { zh: "委员会人数", en: "Committee", value: `${d.committeeMembers} 人（抽取 ${d.pools.reduce((n, p) => n + p.members, 0)} 人，备选 ${d.pools.reduce((n, p) => n + p.backups, 0)} 人）；答复时限 ${d.responseMinutes} 分钟` },
    { zh: "申请/抽取时间", en: "Requested / drawn", value: `${when(d.requestedAt)} / ${when(d.drawnAt)}` },
    ...(d.entropy !== null ? [{ zh: "监督人员随机数", en: "Entropy", value: d.entropy }] : []),
    { zh: "算法", en: "Algorithm", value: `ggzy-draw-v1（公开验证：/draws/${d.drawId}/proof）` },
  ]);
  // Hashes on lines of their own, unbroken: whoever checks copies them whole from the paper or the text layer.
  hashLine(doc, "种子承诺值 SHA-256（抽取前公布）", d.commitment);
  if (d.finalSeed) hashLine(doc, "最终种子", d.finalSeed);
  doc.moveDown(0.6);

  heading(doc, "一、抽取条件与符合条件名单");
  table(doc, [70, 120, 45, 45, 55, CONTENT_WIDTH - 335], ["专业代码", "专业", "评委", "备选", "符合条件", "名单摘要 SHA-256"],
    d.pools.map((p) => [p.specialtyCode, p.specialtyName, String(p.members), String(p.backups), String(p.count), p.digest]), [5]);

  heading(doc, "二、回避统计（自动执行，人数可重叠）");
  const av = AVOIDANCE_ORDER.filter((k) => d.avoidance[k] !== undefined).map((k) => [zh.avoidance[k], String(d.avoidance[k])]);
  table(doc, [CONTENT_WIDTH - 90, 90], ["回避事由", "人数"], av);

  heading(doc, "三、抽取结果");
  if (!d.seats.length) drawParagraph(doc, "尚未抽取。", { size: 10.5 });
  else if (d.withNames) {
    table(doc, [62, 40, 30, 70, 64, CONTENT_WIDTH - 336, 70], ["专业", "角色", "序号", "编号", "姓名", "工作单位", "状态"],
      d.seats.map((s) => [s.specialtyCode, zh.role[s.role], String(s.rank + 1), s.expert?.code ?? "", s.expert?.name ?? "", s.expert?.employer ?? "", zh.memberStatus[s.status as keyof typeof zh.memberStatus] ?? s.status]));
  } else {
    table(doc, [90, 70, 50, CONTENT_WIDTH - 330, 120], ["专业", "角色", "序号", "状态", "答复时间"],
      d.seats.map((s) => [s.specialtyCode, zh.role[s.role], String(s.rank + 1), zh.memberStatus[s.status as keyof typeof zh.memberStatus] ?? s.status, s.respondedAt ? formatShanghai(s.respondedAt, "yyyy-MM-dd HH:mm") : "—"]));
    drawParagraph(doc, "本表不含专家姓名和编号（评标结果确认前保密）；含姓名的副本由监督人员存档。", { size: 9.5, color: COLOR.muted });
  }
  signatures(doc);
  return finishPdf(doc);
}

function hashLine(doc: Pdf, label: string, hex: string) {
  doc.font(FONT.body).fontSize(10).fillColor(COLOR.text).text(`${label}：`, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
  doc.font(FONT.mono).fontSize(9).text(hex, PAGE.margin.left + 12, doc.y, { width: CONTENT_WIDTH - 12, lineBreak: false });
  doc.moveDown(0.5);
}

function heading(doc: Pdf, text: string) {
  if (doc.y > PAGE.height - PAGE.margin.bottom - 80) doc.addPage();
  doc.font(FONT.body).fontSize(12.5).fillColor(COLOR.text).text(text, PAGE.margin.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
}

/** A ruled grid; `mono` lists the columns set in the fixed-width font (hashes). Rows grow with content. */
function table(doc: Pdf, widths: number[], head: string[], rows: string[][], mono: number[] = []) {
  const x0 = PAGE.margin.left;
  const pad = 4;
  const draw = (cells: string[], shade: boolean) => {
    const fontOf = (i: number) => (mono.includes(i) && !shade ? FONT.mono : FONT.body);
    const sizeOf = (i: number) => (mono.includes(i) && !shade ? 7 : 9.5);
    const h = Math.max(20, ...cells.map((c, i) => doc.font(fontOf(i)).fontSize(sizeOf(i)).heightOfString(c || "—", { width: widths[i]! - 2 * pad }) + 2 * pad));
    if (doc.y + h > PAGE.height - PAGE.margin.bottom) doc.addPage();
    const y = doc.y;
    let x = x0;
    cells.forEach((c, i) => {
      const w = widths[i]!;
      doc.lineWidth(0.5).strokeColor("#333333");
      if (shade) doc.rect(x, y, w, h).fillAndStroke(COLOR.shade, "#333333");
      else doc.rect(x, y, w, h).stroke();
      doc.fillColor(COLOR.text).font(fontOf(i)).fontSize(sizeOf(i)).text(c || "—", x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    });
    doc.x = x0;
    doc.y = y + h;
  };
  draw(head, true);
  for (const r of rows) draw(r, false);
  doc.moveDown(0.8);
}

function signatures(doc: Pdf) {
  if (doc.y > PAGE.height - PAGE.margin.bottom - 90) doc.addPage();
  doc.moveDown(1.2);
  const y = doc.y;
  const half = CONTENT_WIDTH / 2;
  doc.font(FONT.body).fontSize(11).fillColor(COLOR.text);
  doc.text("抽取经办人（签字）：____________", PAGE.margin.left, y, { width: half });
  doc.text("监督人员（签字）：____________", PAGE.margin.left + half, y, { width: half });
  doc.text("日期：______年____月____日", PAGE.margin.left, y + 28, { width: half });
  doc.text("日期：______年____月____日", PAGE.margin.left + half, y + 28, { width: half });
  doc.x = PAGE.margin.left;
  doc.y = y + 56;
}

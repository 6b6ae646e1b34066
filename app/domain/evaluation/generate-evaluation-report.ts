import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { notify } from "~/domain/notify/notify";
import { findGround } from "~/domain/rules/rejection-grounds";
import { formatYuan } from "~/lib/money";
import { getDb, type Db, type Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import type { ResultsJson } from "./compute-results";
import { criteriaOfSession, requirementsOfSession } from "./evaluation-access";
import { formatX100 } from "./evaluation-config";
import { renderEvaluationReportPdf, type EvaluationReportContent } from "./evaluation-report-pdf";
import { CITATION as RATIO } from "./formulas/price-score-lowest-ratio";
import { CITATION as BENCHMARK } from "./formulas/price-score-benchmark-deviation";

export const EVALUATION_REPORT_KIND = "evaluation-report";

const FLAG_ZH: Record<string, string> = { OVER_CEILING: "超过最高投标限价", ABNORMALLY_LOW: "报价异常偏低（已要求书面澄清）" };
const yuan = (fen: bigint | string) => `${formatYuan(BigInt(fen))} 元`;

/**
 * Renders and stores the 评标报告 of a session whose results are computed (job renderEvaluationReport),
 * then tells the members it is ready to sign. A job for results that have since changed (a 复核) does
 * nothing: the newer job renders the newer report. Idempotent under the session's row lock.
 */
export async function generateEvaluationReport(actor: Actor, input: { sessionId: string; resultsSha256: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "EvaluationSession" WHERE id = ${input.sessionId}::uuid FOR UPDATE`;
      const s = await tx.evaluationSession.findUniqueOrThrow({ where: { id: input.sessionId } });
      if (!s.results || sha256Hex(canonicalJson(s.results)) !== input.resultsSha256) return { outcome: "STALE" as const };
      if (s.reportDocumentId) return { outcome: "EXISTS" as const, documentId: s.reportDocumentId };
      const content = await buildReportContent(tx, s.id);
      const bytes = await renderEvaluationReportPdf(content);
      const lot = await tx.lot.findUniqueOrThrow({ where: { id: s.lotId }, select: { title: true, project: { select: { code: true } } } });
      const doc = await storeDocument(tx, {
        kind: EVALUATION_REPORT_KIND,
        number: content.number,
        title: `评标报告 ${lot.project.code} ${lot.title}`,
        entityType: "EvaluationSession",
        entityId: s.id,
        ownerOrgId: null,
        public: false,
        bytes,
      });
      await tx.evaluationSession.update({ where: { id: s.id }, data: { reportDocumentId: doc.id, reportSha256: doc.sha256 } });
      const members = await tx.evaluationMember.findMany({ where: { sessionId: s.id, status: "SEATED", userId: { not: null } }, select: { userId: true } });
      await notify(tx, {
        recipients: { userIds: members.flatMap((m) => (m.userId ? [m.userId] : [])) },
        template: "evaluation:notify.reportReady",
        params: { lot: `${lot.project.code} ${lot.title}` },
        channels: ["inapp"],
        entity: { type: "EvaluationSession", id: s.id },
        link: `/evaluation/${s.lotId}`,
        dedupeKey: `evaluation-report-${doc.sha256}`,
      });
      return { outcome: "CREATED" as const, documentId: doc.id, sha256: doc.sha256 };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export async function buildReportContent(tx: Tx, sessionId: string): Promise<EvaluationReportContent> {
  const s = await tx.evaluationSession.findUniqueOrThrow({ where: { id: sessionId } });
  const results = s.results as unknown as ResultsJson;
  const lot = await tx.lot.findUniqueOrThrow({ where: { id: s.lotId }, include: { project: { select: { code: true, title: true } } } });
  const [members, bids, sheets, proposals, clarifications, checks] = await Promise.all([
    tx.evaluationMember.findMany({ where: { sessionId }, orderBy: [{ seat: "asc" }, { status: "desc" }] }),
    tx.evaluationBid.findMany({ where: { sessionId }, orderBy: { ordinal: "asc" } }),
    tx.scoreSheet.findMany({ where: { sessionId, status: "SUBMITTED" } }),
    tx.rejectionProposal.findMany({ where: { sessionId, adopted: true }, include: { votes: true } }),
    tx.evaluationClarification.findMany({ where: { sessionId }, orderBy: { askedAt: "asc" } }),
    tx.preliminaryCheck.findMany({ where: { sessionId, pass: false } }),
  ]);
  const bidById = new Map(bids.map((b) => [b.id, b]));
  const seatOf = new Map(members.map((m) => [m.id, m.seat]));
  const revisions = await tx.scoreRevision.groupBy({ by: ["sheetId"], where: { sheetId: { in: sheets.map((x) => x.id) } }, _count: { _all: true } });
  const revCount = new Map(revisions.map((r) => [r.sheetId, r._count._all]));
  const criteria = criteriaOfSession(s);
  const requirements = new Map(requirementsOfSession(s).map((r) => [r.key, r.text]));
  const comprehensive = s.method === "COMPREHENSIVE";
  const ranking = results.ranking.map((r) => {
    const b = bidById.get(r.bidId)!;
    return {
      rank: r.rank,
      ordinal: r.ordinal,
      bidderName: b.bidderName,
      priceText: yuan(r.priceFen),
      priceScore: r.priceScoreX100 === null ? "—" : formatX100(r.priceScoreX100),
      memberTotals: r.memberTotalsX100.map(formatX100).join(" / ") || "—",
      result: comprehensive ? `综合得分 ${r.total}` : `评标价 ${yuan(r.evaluatedPriceFen ?? r.priceFen)}`,
      tied: r.tiedWithPrevious,
    };
  });
  const failedByBid = new Map<string, Set<string>>();
  for (const c of checks) (failedByBid.get(c.evaluationBidId) ?? failedByBid.set(c.evaluationBidId, new Set()).get(c.evaluationBidId)!).add(requirements.get(c.requirementKey) ?? c.requirementKey);
  const now = new Date();
  const number = await nextDocumentNumber(tx, documentPrefix("PB", now));
  const content: Omit<EvaluationReportContent, "contentDigest"> = {
    number,
    centreName: getEnv().CENTRE_NAME,
    lotLabel: `${lot.project.code} ${lot.project.title}（${lot.title}）`,
    profileLabel: s.profile === "CONSTRUCTION" ? "工程建设（招标投标法及其实施条例）" : "政府采购（政府采购法、财政部令第87号）",
    methodLabel: comprehensive ? "综合评估法（综合评分法）" : "经评审的最低投标价法",
    startedAt: s.startedAt,
    computedAt: now,
    ceilingText: yuan(lot.ceilingPriceFen),
    members: members.map((m) => ({
      seat: m.seat,
      name: m.name,
      kind: m.kind === "EXPERT" ? "评标专家" : s.profile === "GOVERNMENT_PROCUREMENT" ? "采购人代表" : "招标人代表",
      chair: s.chairMemberId === m.id,
      // A representative who declares a conflict is not replaced (there is no draw for them).
      note: m.status === "REMOVED" ? (m.kind === "EXPERT" ? "（声明回避，已更换，其评审无效）" : "（声明回避，已退出，其评审无效）") : m.replacesMemberId ? "（递补）" : "",
    })),
    opening: bids.map((b) => ({ ordinal: b.ordinal, bidderName: b.bidderName, priceText: yuan(b.priceFen), flags: b.flags.map((f) => FLAG_ZH[f] ?? f).join("；") })),
    criteria: criteria.map((c) => ({ name: c.name, max: c.max, price: c.price })),
    formula: s.profile === "GOVERNMENT_PROCUREMENT" ? `价格分＝评标基准价（最低有效报价）÷投标报价×价格分值（${RATIO.zh}）` : `价格分＝满分－偏差率绝对值×每1%扣分，评标基准价为有效报价算术平均值（${BENCHMARK.zh}）`,
    roundingRule: results.roundingRule,
    tieBreakRule: results.tieBreakRule,
    rejected: proposals.map((p) => {
      const b = bidById.get(p.evaluationBidId)!;
      const yes = p.votes.filter((v) => v.agree).length;
      const dissent = p.votes.filter((v) => !v.agree).map((v) => `委员 ${seatOf.get(v.memberId)}：${v.note}`);
      return { ordinal: b.ordinal, bidderName: b.bidderName, ground: findGround(p.ground)?.article.zh ?? p.ground, reason: p.reason, votes: `同意 ${yes}，不同意 ${p.votes.length - yes}${dissent.length ? `（${dissent.join("；")}）` : ""}` };
    }),
    ranking,
    candidates: ranking.slice(0, 3).map((r) => ({ rank: r.rank, bidderName: r.bidderName, priceText: r.priceText, result: r.result })),
    clarifications: clarifications.map((c) => {
      const b = bidById.get(c.evaluationBidId)!;
      return { ordinal: b.ordinal, bidderName: b.bidderName, question: c.question, answer: c.answer ?? "（逾期未答复）" };
    }),
    deviations: results.deviations.map((d) => ({ seat: d.seat, ordinal: d.ordinal, criterion: criteria.find((c) => c.key === d.criterionKey)?.name ?? d.criterionKey, score: formatX100(d.scoreX100), mean: formatX100(d.medianX100) })),
    sheets: sheets
      .map((x) => ({ seat: seatOf.get(x.memberId) ?? 0, sha256: x.sha256!, submittedAt: x.submittedAt!, revisions: revCount.get(x.id) ?? 0 }))
      .sort((a, b) => a.seat - b.seat),
    preliminary: [...failedByBid].map(([id, f]) => ({ ordinal: bidById.get(id)!.ordinal, bidderName: bidById.get(id)!.bidderName, failed: [...f].join("；") })),
  };
  return { ...content, contentDigest: sha256Hex(canonicalJson({ ...content, computedAt: undefined, number: undefined })) };
}

/**
 * `npm run bench -- evaluation [iterations]` (issue 12): the evaluation at scale.
 *  1. 60 bids × 9 members × 25 criteria (one computed price criterion): totals, means, ranking and
 *     deviation flags (computeResults) plus the 评标报告 PDF (renderEvaluationReportPdf) — median per run,
 *     beside a bare pdfkit page with the same embedded CJK font (the ratio is what a noisy machine keeps).
 *     Scores are realistic: members agree within 0.2 points; member 9 scores one criterion 0 (flagged).
 *  2. 9 members autosaving at once through the domain (saveScoreDraft: member check, cell validation,
 *     row lock, merge, audit) on a real database: p95 of one save.
 * Ends with one JSON line { figures, goals, met }.
 */
import { cpus, loadavg } from "node:os";
import { createDb, setDb } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { createBenchDb } from "./_bench-db";

const BIDS = 60;
const MEMBERS = 9;
const CRITERIA = 25;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export async function main(args: string[]) {
  const iterations = Number(args[0] ?? 9);
  const loadStart = loadavg()[0]!;
  const { computeResults, resultsToJson } = await import("~/domain/evaluation/compute-results");
  const { renderEvaluationReportPdf } = await import("~/domain/evaluation/evaluation-report-pdf");
  const { createPdf, finishPdf, FONT } = await import("~/domain/documents/pdf");
  const { formatX100 } = await import("~/domain/evaluation/evaluation-config");

  // ---- 1. compute + report, synthetic committee ----
  const criteria = Array.from({ length: CRITERIA }, (_, i) => ({ key: `c${i + 1}`, name: i === 0 ? "投标报价" : `评审因素${i}`, max: i === 0 ? 28 : 3, price: i === 0 }));
  const bids = Array.from({ length: BIDS }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, ordinal: i + 1, priceFen: BigInt(80_000_000 + ((i * 7919) % 9_000_000)), valid: i % 20 !== 19 }));
  const sheets = Array.from({ length: MEMBERS }, (_, m) => ({
    memberId: `m${m}`,
    seat: m + 1,
    scores: Object.fromEntries(bids.map((b) => [b.id, Object.fromEntries(criteria.filter((c) => !c.price).map((c, k) => [c.key, m === 8 && k === 3 ? "0" : (((b.ordinal + k) % 3) * 0.5 + 1 + (m % 2) * 0.2).toFixed(1)]))])),
  }));
  const runOnce = async () => {
    const t = performance.now();
    const r = computeResults({ method: "COMPREHENSIVE", profile: "GOVERNMENT_PROCUREMENT", criteria, bids, sheets, params: { percentOfMax: 30, deductAbovePerPercentX100: 100, deductBelowPerPercentX100: 50 } });
    const j = resultsToJson(r);
    const name = (id: string) => `投标单位${id.slice(-3)}建设工程有限公司`;
    const pdf = await renderEvaluationReportPdf({
      number: "PB-BENCH-0001",
      contentDigest: "0".repeat(64),
      centreName: "示范市公共资源交易中心",
      lotLabel: "BENCH-001 基准测试项目（第一标段）",
      profileLabel: "政府采购",
      methodLabel: "综合评分法",
      startedAt: new Date(),
      computedAt: new Date(),
      ceilingText: "900,000.00 元",
      members: sheets.map((s) => ({ seat: s.seat, name: `专家${s.seat}`, kind: "评标专家", chair: s.seat === 1, note: "" })),
      opening: bids.map((b) => ({ ordinal: b.ordinal, bidderName: name(b.id), priceText: `${b.priceFen} 分`, flags: "" })),
      criteria: criteria.map((c) => ({ name: c.name, max: c.max, price: c.price })),
      formula: "价格分＝评标基准价÷投标报价×价格分值",
      roundingRule: r.roundingRule,
      tieBreakRule: r.tieBreakRule,
      rejected: bids.filter((b) => !b.valid).map((b) => ({ ordinal: b.ordinal, bidderName: name(b.id), ground: "87号令第六十三条", reason: "未响应", votes: "同意 9" })),
      ranking: j.ranking.map((x) => ({ rank: x.rank, ordinal: x.ordinal, bidderName: name(x.bidId), priceText: x.priceFen, priceScore: formatX100(x.priceScoreX100 ?? 0), memberTotals: x.memberTotalsX100.map(formatX100).join(" / "), result: `综合得分 ${x.total}`, tied: x.tiedWithPrevious })),
      candidates: j.ranking.slice(0, 3).map((x) => ({ rank: x.rank, bidderName: name(x.bidId), priceText: x.priceFen, result: `${x.total}` })),
      clarifications: [],
      deviations: r.deviations.map((d) => ({ seat: d.seat, ordinal: d.ordinal, criterion: d.criterionKey, score: formatX100(d.scoreX100), mean: formatX100(d.medianX100) })),
      sheets: sheets.map((s) => ({ seat: s.seat, sha256: "a".repeat(64), submittedAt: new Date(), revisions: 0 })),
      preliminary: [],
    });
    return { ms: performance.now() - t, bytes: pdf.length, deviations: r.deviations.length, ranked: r.ranking.length };
  };
  const bare = async () => {
    const t = performance.now();
    const doc = createPdf({ title: "基准", number: "BARE-0001", contentDigest: "0".repeat(64), centreName: "示范市公共资源交易中心" });
    doc.font(FONT.body).fontSize(11).text("评标报告 基准页");
    await finishPdf(doc);
    return performance.now() - t;
  };
  await runOnce();
  await bare();
  const full: number[] = [];
  const plain: number[] = [];
  let info = { bytes: 0, deviations: 0, ranked: 0 };
  for (let i = 0; i < iterations; i++) {
    const r = await runOnce();
    full.push(r.ms);
    info = r;
    plain.push(await bare());
  }
  const reportMedian = pct(full, 50);
  const bareMedian = pct(plain, 50);
  console.log(`machine: ${cpus().length} CPUs, load ${loadStart.toFixed(2)} (1-min average at start)`);
  console.log(`compute + report (${BIDS} bids × ${MEMBERS} members × ${CRITERIA} criteria)  n=${full.length}  median ${reportMedian.toFixed(0)} ms  (${info.ranked} ranked, ${info.deviations} deviation flags, PDF ${(info.bytes / 1024).toFixed(0)} KiB)`);
  console.log(`bare pdfkit page, same font  median ${bareMedian.toFixed(0)} ms   ratio ${(reportMedian / bareMedian).toFixed(2)}`);

  // ---- 2. nine members autosaving at once ----
  const bench = await createBenchDb("evaluation");
  process.env.DATABASE_URL = bench.url;
  resetEnvCache();
  const db = createDb(bench.url, 12);
  setDb(db);
  let saves: number[] = [];
  try {
    const fx = await import("../test/integration/evaluation-fixtures");
    const { startEvaluation } = await import("~/domain/evaluation/start-evaluation");
    const { declareConflict } = await import("~/domain/evaluation/declare-conflict");
    const { electChair } = await import("~/domain/evaluation/elect-chair");
    const { beginScoring } = await import("~/domain/evaluation/begin-scoring");
    const { saveScoreDraft } = await import("~/domain/evaluation/save-score-draft");
    const { getEvaluationWorkspace } = await import("~/domain/evaluation/get-evaluation-workspace");
    const prices = Array.from({ length: BIDS }, (_, i) => BigInt(80_000_000 + ((i * 7919) % 9_000_000)));
    const scene = await fx.openedLotForTest(db, { profile: "GOVERNMENT_PROCUREMENT", members: MEMBERS, backups: 0, prices, criteria: criteria.map((c) => ({ name: c.name, weight: c.max })) });
    const lotId = scene.lotId;
    await startEvaluation(scene.staff, { lotId }, db);
    const actors = [];
    for (const e of scene.experts) actors.push(await fx.signInMember(db, e.phone));
    for (const a of actors) await declareConflict(a, { lotId, conflict: false }, db);
    const seat1 = await db.evaluationMember.findFirstOrThrow({ where: { userId: actors[0]!.userId! } });
    for (const a of actors.slice(0, 5)) await electChair(a, { lotId, candidateId: seat1.id }, db);
    await fx.settleReview(db, lotId, actors, scene.bidders);
    await beginScoring(actors[0]!, { lotId }, db);
    const ws = await getEvaluationWorkspace(actors[0]!, { lotId }, db);
    const typed = ws.criteria.filter((c) => !c.price);
    // Each member saves one bid's row at a time (what the grid sends after a pause), all nine at once.
    const ROUNDS = Math.min(ws.validBidIds.length, 40);
    saves = [];
    await Promise.all(
      actors.map(async (a, m) => {
        for (let r = 0; r < ROUNDS; r++) {
          const bidId = ws.validBidIds[r]!;
          const t = performance.now();
          await saveScoreDraft(a, { lotId, scores: { [bidId]: Object.fromEntries(typed.map((c, k) => [c.key, String((r + k + m) % 4)])) } }, db);
          saves.push(performance.now() - t);
        }
      }),
    );
  } finally {
    await db.$disconnect();
    await bench.drop();
  }
  const p95 = pct(saves, 95);
  console.log(`autosave, ${MEMBERS} members at once  n=${saves.length}  p50 ${pct(saves, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${Math.max(...saves).toFixed(1)} ms   load now ${loadavg()[0]!.toFixed(2)}`);
  const figures = {
    reportMedianMs: Math.round(reportMedian),
    barePageMedianMs: Math.round(bareMedian),
    reportToBareRatio: Number((reportMedian / bareMedian).toFixed(2)),
    autosaveP50Ms: Number(pct(saves, 50).toFixed(1)),
    autosaveP95Ms: Number(p95.toFixed(1)),
    saves: saves.length,
    load1: Number(loadavg()[0]!.toFixed(2)),
  };
  const goals = { reportMedianMs: "< 1000", autosaveP95Ms: "< 100" };
  const met = reportMedian < 1000 && p95 < 100;
  console.log(JSON.stringify({ figures, goals, met }));
}

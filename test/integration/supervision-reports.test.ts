import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";
import { exportAuditXlsx } from "~/domain/supervision/export-audit-xlsx";
import { generateMonthlyBulletin } from "~/domain/supervision/generate-monthly-bulletin";
import { getMonthlyFigures } from "~/domain/supervision/get-monthly-figures";
import { getRatingLeague } from "~/domain/supervision/get-rating-league";
import { getStatistics } from "~/domain/supervision/get-statistics";
import { renderMonthlyBulletin } from "~/domain/supervision/jobs";
import { previousShanghaiMonth, shanghaiMonth } from "~/domain/supervision/month-range";
import { requestAuditExport } from "~/domain/supervision/request-audit-export";
import { requestMonthlyBulletin } from "~/domain/supervision/request-monthly-bulletin";
import { statisticsXlsx } from "~/domain/supervision/statistics-xlsx";
import { systemActor } from "~/domain/actor";
import { resetEnvCache } from "~/lib/env.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { waitFor } from "../support/wait";
import { startWorker, type WorkerHandle } from "../../workers/start-worker";
import { makeOrg, seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();
const storageDir = mkdtempSync(path.join(tmpdir(), "ggzy-reports-"));
process.env.STORAGE_DIR = storageDir;
resetEnvCache();

let P: Awaited<ReturnType<typeof seedParties>>;
let worker: WorkerHandle;
beforeAll(async () => {
  P = await seedParties(db);
  worker = await startWorker({ sealer: false, schedulers: false, reconciler: false });
});
afterAll(async () => {
  await worker?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

const pdfText = (storageKey: string) => execFileSync("pdftotext", ["-enc", "UTF-8", path.join(storageDir, storageKey), "-"]).toString("utf8");
const filter = (q: string) => {
  const p = parseAuditFilter(new URLSearchParams(q));
  if (!p.ok) throw new Error("bad filter");
  return p.filter;
};

describe("audit log PDF export (worker)", () => {
  it("renders each entry with its seal seq and hashes, and the range's first/last hash, with progress", async () => {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await appendAudit(tx, P.author, { action: "rpt.pdf.step", entityType: "Lot", entityId: `L-${i}`, detail: { i } });
      await appendAudit(tx, P.author, { action: "rpt.other", entityType: "Lot", entityId: "L-x" });
    });
    await sealAuditLog();
    const { exportId, total } = await requestAuditExport(P.supervisor, { query: "action=rpt.pdf&before=999" });
    expect(total).toBe(40);
    const done = await waitFor(() => db.auditExport.findFirst({ where: { id: exportId, status: { in: ["DONE", "FAILED"] } } }));
    expect(done.status).toBe("DONE");
    expect(done.processed).toBe(40);
    expect(done.filter).toBe("action=rpt.pdf"); // the paging cursor is not part of an export
    const doc = await db.document.findUniqueOrThrow({ where: { id: done.documentId! } });
    expect(doc.public).toBe(false);
    const text = pdfText(doc.storageKey).replace(/\s+/g, " ");
    const seals = await db.$queryRaw<{ seq: bigint; hash: string; prevHash: string }[]>`
      SELECT s.seq, s.hash, s."prevHash" FROM "AuditSeal" s JOIN "AuditEntry" e ON e.id = s."entryId"
      WHERE e.action = 'rpt.pdf.step' ORDER BY s.seq`;
    expect(seals).toHaveLength(40);
    for (const s of seals) {
      expect(text).toContain(`hash ${s.hash}`);
      expect(text).toContain(`prev ${s.prevHash}`);
      expect(text).toContain(`#${s.seq}`);
    }
    expect(text).toContain(`first #${seals[0]!.seq} ${seals[0]!.hash}`);
    expect(text).toContain(`last #${seals[39]!.seq} ${seals[39]!.hash}`);
    expect(text).toContain("审计日志导出");
    // The action in words with its code, the object by kind and id (audit/describe-entry, issue 16 item 3).
    expect(text).toContain("（rpt.pdf.step）→ 标段：L-7");
    expect(text).not.toContain("rpt.other");
  }, 90_000);

  it("refuses an empty range, and a range above the bounds (PDF 20 000, Excel 50 000), before creating anything", async () => {
    await expect(requestAuditExport(P.supervisor, { query: "action=nothing.matches" })).rejects.toMatchObject({ code: "supervision:errors.exportEmpty", status: 422 });
    await expect(requestAuditExport(P.supervisor, { query: "from=2026-13-40" })).rejects.toMatchObject({ code: "supervision:errors.exportFilterInvalid" });
    await expect(requestAuditExport(P.bidder, { query: "" })).rejects.toMatchObject({ status: 403 });
    // 50 001 entries of one action, inserted in bulk and sealed (the bound is real, not lowered for the test).
    await db.$executeRaw`
      INSERT INTO "AuditEntry" (at, "actorRole", action, "entityType", "entityId", detail)
      SELECT now(), 'SYSTEM', 'rpt.bulk', 'Lot', 'L-' || g, '{}'::json FROM generate_series(1, 50001) g`;
    await sealAuditLog(undefined, { batch: 20_000 });
    const before = await db.auditExport.count();
    await expect(requestAuditExport(P.supervisor, { query: "action=rpt.bulk" })).rejects.toMatchObject({
      code: "supervision:errors.exportTooLarge",
      status: 422,
      params: { max: "20,000" },
    });
    await expect(exportAuditXlsx(P.supervisor, filter("action=rpt.bulk"))).rejects.toMatchObject({ code: "supervision:errors.exportTooLarge", params: { max: "50,000" } });
    expect(await db.auditExport.count()).toBe(before);
  }, 120_000);
});

describe("XLSX exports", () => {
  it("the filtered log opens as a workbook with the chain hashes", async () => {
    const bytes = await exportAuditXlsx(P.supervisor, filter("action=rpt.pdf"), "en");
    const [sheet] = await readXlsxFile(bytes);
    expect(sheet!.sheet).toBe("Audit log");
    const [header, ...rows] = sheet!.data;
    expect(header).toEqual(expect.arrayContaining(["Seq", "Hash", "Previous hash", "Action"]));
    expect(rows).toHaveLength(40);
    const hashCol = header!.indexOf("Hash");
    expect(String(rows[0]![hashCol])).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the statistics open as one sheet per table", async () => {
    const sheets = await readXlsxFile(await statisticsXlsx(await getStatistics(P.supervisor), "zh-CN"));
    expect(sheets.map((s) => s.sheet)).toEqual(["按月标段", "每标段投标人数", "结果", "预警", "定时环节", "满意度", "节约资金", "定标后时限"]);
    expect(sheets[6]!.data[0]).toEqual(["月份", "交易类型", "标段数", "预算合计（元）", "中标价合计（元）", "节约资金（元）"]);
    expect(sheets[2]!.data[0]).toEqual(["已结束", "流标"]);
  });
});

// ---- monthly figures, bulletin and league table over seeded data in March 2025 (Shanghai) ----

const MONTH = "2025-03";
const at = (d: string) => new Date(`${d}+08:00`);

async function lot(o: { agentOrgId?: string; status: string; ceilingFen: bigint; deadline: Date; published?: Date; type?: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT" }) {
  const code = `RPT-${randomUUID().slice(0, 8)}`;
  const project = await db.project.create({
    data: { code, title: code, procurementType: o.type ?? "CONSTRUCTION", buyerOrgId: P.buyer.id, agentOrgId: o.agentOrgId ?? null, region: "320500", createdById: P.author.userId! },
  });
  const pub = o.published ?? new Date(o.deadline.getTime() - 25 * 86_400_000);
  return db.lot.create({
    data: {
      projectId: project.id, lotNo: 1, title: "标段", estimatedPriceFen: o.ceilingFen, ceilingPriceFen: o.ceilingFen, bondFen: 0n,
      evaluationMethod: "LOWEST_PRICE", status: o.status as never, docsAvailableFrom: new Date(pub.getTime() - 1000), docsAvailableTo: pub,
      clarificationCutoff: pub, objectionCutoff: pub, bidDeadline: o.deadline, authorId: P.author.userId!, reviewerId: P.reviewer.userId!, publishedAt: pub,
    },
  });
}
async function decrypted(lotId: string, pricesFen: bigint[]) {
  const s = await db.openingSession.create({ data: { lotId, decryptionWindowMinutes: 30, openedAt: new Date() } });
  for (const [i, p] of pricesFen.entries())
    await db.bidDecryption.create({ data: { sessionId: s.id, bidId: randomUUID(), bidderOrgId: randomUUID(), ordinal: i + 1, status: "DECRYPTED", totalPriceFen: p } });
}
async function rate(lotId: string, score: number, when: Date) {
  await db.satisfactionRating.create({ data: { lotId, orgId: randomUUID(), userId: randomUUID(), score, createdAt: when } });
}

describe("monthly bulletin and league table", () => {
  let agentA: { id: string; name: string };
  let agentB: { id: string; name: string };
  beforeAll(async () => {
    agentA = await makeOrg(db, "AGENT", "甲招标代理有限公司");
    agentB = await makeOrg(db, "AGENT", "乙招标代理有限公司");
    const dl = at("2025-03-12T09:30:00");
    // Lots opened in March: two awarded (savings; one already contracted), one failed, one still in evaluation (published in March).
    const l1 = await lot({ status: "AWARDED", ceilingFen: 1_000_000_00n, deadline: dl, published: at("2025-03-01T10:00:00") });
    const l2 = await lot({ status: "CONTRACTED", ceilingFen: 500_000_00n, deadline: dl, published: at("2025-03-02T10:00:00") });
    const l3 = await lot({ status: "FAILED", ceilingFen: 300_000_00n, deadline: dl, published: at("2025-03-03T10:00:00") });
    const l4 = await lot({ status: "EVALUATION", ceilingFen: 200_000_00n, deadline: dl, published: at("2025-03-04T10:00:00"), type: "GOVERNMENT_PROCUREMENT" });
    await decrypted(l1.id, [850_000_00n, 800_000_00n]);
    await decrypted(l2.id, [450_000_00n]);
    await decrypted(l3.id, [290_000_00n]); // failed: not a saving
    // Scheduled steps due in March: 3 on time, 1 late; a cancelled one does not count.
    const tr = (lotId: string, kind: "CLOSE_DOCS" | "CLOSE_BIDDING" | "OPEN_HALL", lateness: number, status: "DONE" | "CANCELLED" = "DONE") =>
      db.scheduledTransition.create({ data: { lotId, kind, dueAt: dl, jobId: randomUUID(), status, firedAt: dl, latenessMs: lateness } });
    await tr(l1.id, "CLOSE_BIDDING", 120);
    await tr(l2.id, "CLOSE_BIDDING", 800);
    await tr(l3.id, "CLOSE_BIDDING", 5_000);
    await tr(l4.id, "CLOSE_BIDDING", 300);
    await tr(l4.id, "OPEN_HALL", 99_000, "CANCELLED");
    // Objection answers due in March: one on time, one late.
    await db.objection.create({ data: { lotId: l1.id, orgId: randomUUID(), userId: randomUUID(), text: "异议", raisedAt: at("2025-03-05T09:00:00"), answerDueAt: at("2025-03-08T09:00:00"), answer: "答复", answeredAt: at("2025-03-07T09:00:00") } });
    await db.objection.create({ data: { lotId: l2.id, orgId: randomUUID(), userId: randomUUID(), text: "异议", raisedAt: at("2025-03-05T09:00:00"), answerDueAt: at("2025-03-08T09:00:00"), answer: "答复", answeredAt: at("2025-03-09T09:00:00") } });
    // One complaint filed in March, accepted in time.
    await db.complaint.create({
      data: { lotId: l4.id, complainantOrgId: randomUUID(), filedById: randomUUID(), grounds: "理由", knewAt: at("2025-03-13T09:00:00"), filedAt: at("2025-03-14T09:00:00"), status: "ACCEPTED", acceptDueAt: at("2025-03-19T17:00:00"), acceptedAt: at("2025-03-17T10:00:00"), decisionDueAt: at("2025-04-28T17:00:00") },
    });
    // Ratings given in March on lots opened in February: agent B 5+5, agent A 5+4, the buyer's own tender 3.
    const feb = at("2025-02-10T09:30:00");
    const a1 = await lot({ agentOrgId: agentA.id, status: "ARCHIVED", ceilingFen: 1n, deadline: feb });
    const a2 = await lot({ agentOrgId: agentA.id, status: "ARCHIVED", ceilingFen: 1n, deadline: feb });
    const b1 = await lot({ agentOrgId: agentB.id, status: "ARCHIVED", ceilingFen: 1n, deadline: feb });
    const s1 = await lot({ status: "ARCHIVED", ceilingFen: 1n, deadline: feb });
    await rate(a1.id, 5, at("2025-03-20T10:00:00"));
    await rate(a2.id, 4, at("2025-03-21T10:00:00"));
    await rate(b1.id, 5, at("2025-03-22T10:00:00"));
    await rate(b1.id, 5, at("2025-03-31T23:59:00"));
    await rate(s1.id, 3, at("2025-03-01T00:01:00"));
    await rate(s1.id, 1, at("2025-02-28T23:59:00")); // February (Shanghai): not in March
    await rate(a1.id, 1, at("2025-04-01T00:00:00")); // April: not in March
  });

  it("computes the month's figures from the seeded data", async () => {
    const f = await getMonthlyFigures(P.supervisor, { month: MONTH });
    expect(f.steps).toEqual(
      expect.arrayContaining([
        { step: "closeBidding", due: 4, onTime: 3 },
        { step: "objectionAnswer", due: 2, onTime: 1 },
        { step: "complaintAcceptance", due: 1, onTime: 1 },
      ]),
    );
    expect(f.steps.find((s) => s.step === "openHall")).toBeUndefined();
    expect(f.satisfaction).toEqual({ count: 5, average: 4.4, byScore: [0, 0, 1, 1, 3] });
    expect(f.complaints).toEqual({ filed: 1, lotsOpened: 4 });
    expect(f.outcomes).toEqual({ ended: 3, failed: 1 });
    expect(f.savings).toEqual({ lots: 2, ceilingFen: "150000000", awardFen: "125000000", savedFen: "25000000" });
    expect(f.lotsByType).toEqual([
      { type: "CONSTRUCTION", lots: 3 },
      { type: "GOVERNMENT_PROCUREMENT", lots: 1 },
    ]);
    await expect(getMonthlyFigures(P.bidder, { month: MONTH })).rejects.toMatchObject({ status: 403 });
  });

  it("the bulletin job produces one document per month with those figures", async () => {
    await requestMonthlyBulletin(P.supervisor, { month: MONTH });
    await requestMonthlyBulletin(P.author, { month: MONTH }); // same job id: still one bulletin
    const doc = await waitFor(() => db.document.findFirst({ where: { kind: "monthly-bulletin", entityId: MONTH } }));
    expect(doc.number).toMatch(/^YDTB-\d{8}-\d{4}$/);
    const text = pdfText(doc.storageKey).replace(/\s+/g, " ");
    expect(text).toContain("月度通报");
    expect(text).toContain("71.4%"); // (3 + 1 + 1) / (4 + 2 + 1) statutory steps on time
    expect(text).toContain("4.40 / 5");
    expect(text).toContain("25.0%"); // 1 complaint / 4 lots opened
    expect(text).toContain("33.3%"); // 1 failed / 3 with an outcome
    expect(text).toContain("250,000.00 元"); // (1 000 000 + 500 000) − (800 000 + 450 000)
    const again = await generateMonthlyBulletin(systemActor("test"), { month: MONTH });
    expect(again).toMatchObject({ documentId: doc.id, created: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.document.count({ where: { kind: "monthly-bulletin", entityId: MONTH } })).toBe(1);
  }, 90_000);

  it("refuses months that have not ended and nonsense months; bidders may not ask", async () => {
    await expect(requestMonthlyBulletin(P.supervisor, { month: shanghaiMonth(new Date()) })).rejects.toMatchObject({ code: "supervision:errors.monthNotClosed" });
    await expect(requestMonthlyBulletin(P.supervisor, { month: "2025-13" })).rejects.toMatchObject({ code: "supervision:errors.badMonth" });
    await expect(requestMonthlyBulletin(P.bidder, { month: MONTH })).rejects.toMatchObject({ status: 403 });
  });

  it("is scheduled at 01:00 on the 1st (Shanghai) for the month that just ended", () => {
    expect(renderMonthlyBulletin.schedule).toMatchObject({ pattern: "0 1 1 * *", tz: "Asia/Shanghai", scheduledPayload: {} });
    expect(renderMonthlyBulletin.jobId({ month: "2025-03" })).toBe("monthly-bulletin-2025-03");
    expect(previousShanghaiMonth(at("2026-12-01T01:00:00"))).toBe("2026-11");
    expect(previousShanghaiMonth(at("2026-01-01T01:00:00"))).toBe("2025-12");
  });

  it("ranks the month's ratings by average, then count", async () => {
    const l = await getRatingLeague({ month: MONTH });
    expect(l.units.map((u) => [u.rank, u.name, u.role, u.ratings, u.average])).toEqual([
      [1, agentB.name, "AGENT", 2, 5],
      [2, agentA.name, "AGENT", 2, 4.5],
      [3, P.buyer.name, "BUYER", 1, 3],
    ]);
    expect(l.byType).toEqual([{ type: "CONSTRUCTION", ratings: 5, average: 4.4 }]);
    expect((await getRatingLeague({ month: "2025-04" })).units.map((u) => u.name)).toEqual([agentA.name]);
  });
});


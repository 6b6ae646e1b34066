import { beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";
import { exportAuditCsv } from "~/domain/supervision/export-audit-csv";
import { getStatistics, statisticsCsv } from "~/domain/supervision/get-statistics";
import { useTestDb } from "../support/db";
import { seedParties } from "./tenders-fixtures";

const { db } = await useTestDb();
let P: Awaited<ReturnType<typeof seedParties>>;

beforeAll(async () => {
  P = await seedParties(db);
  await db.$transaction(async (tx) => {
    await appendAudit(tx, P.author, { action: "lot.approve", entityType: "Lot", entityId: "L-export-1", detail: { note: "=cmd|' /C calc'!A0" } });
    await appendAudit(tx, P.author, { action: "question.answered", entityType: "Question", entityId: "Q-1" });
  });
});

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("log export (CSV)", () => {
  it("streams the filtered, sealed log with chain hashes; formulas are neutralised", async () => {
    await sealAuditLog();
    const parsed = parseAuditFilter(new URLSearchParams("action=lot.approve"));
    if (!parsed.ok) throw new Error("filter");
    const csv = await text(await exportAuditCsv(P.supervisor, parsed.filter));
    const lines = csv.trim().split("\r\n");
    // Headed in words, each entry in words (the action, the lot by name and code) and then its recorded codes.
    expect(lines[0]).toContain("链序号,时间（北京时间）,角色,操作人,单位,操作,对象,详情,操作代码");
    const rows = lines.slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.includes("lot.approve") && r.includes("审核通过并发布"))).toBe(true);
    expect(rows[0]).toContain("标段：L-export-1"); // a fixture id (no such lot): shown as it is
    expect(rows.join("\n")).not.toContain("question.answered");
    expect(rows[0]).toMatch(/[0-9a-f]{64}/);
    // The export itself is on the record, written by the domain (not by the route), with its range.
    const rec = await db.auditEntry.findFirstOrThrow({ where: { action: "audit.exported", entityId: "csv", actorId: P.supervisor.userId }, orderBy: { at: "desc" } });
    expect(rec.detail).toMatchObject({ format: "csv", filter: { action: "lot.approve" }, count: rows.length });
  });

  it("is refused to bidders and staff", async () => {
    const parsed = parseAuditFilter(new URLSearchParams(""));
    if (!parsed.ok) throw new Error("filter");
    await expect(exportAuditCsv(P.bidder, parsed.filter)).rejects.toMatchObject({ status: 403 });
    await expect(exportAuditCsv(P.author, parsed.filter)).rejects.toMatchObject({ status: 403 });
  });
});

describe("statistics", () => {
  it("aggregates and exports CSV; bidders may not read them", async () => {
    const s = await getStatistics(P.supervisor);
    expect(s.outcomes.ended).toBeGreaterThanOrEqual(0);
    expect(statisticsCsv(s).startsWith("\uFEFFsection,key,detail,value")).toBe(true);
    await expect(getStatistics(P.bidder)).rejects.toMatchObject({ status: 403 });
  });
});

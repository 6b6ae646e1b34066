import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { listStaffDraws } from "~/domain/draw/list-staff-draws";
import { renderSealedDrawRecord } from "~/domain/draw/render-sealed-draw-record";
import { requestDraw } from "~/domain/draw/request-draw";
import { getStorage } from "~/lib/storage.server";
import { runJob } from "../../workers/run-job";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { drawRequest, drawScene, makeExperts } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

const dir = mkdtempSync(path.join(tmpdir(), "draw-record-"));
/** The text layer of a PDF, as a reader (or a court) would extract it. */
function pdfText(bytes: Buffer, name: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return execFileSync("pdftotext", ["-layout", f, "-"], { encoding: "utf8" });
}

let s: Awaited<ReturnType<typeof drawScene>>;
let drawId = "";
let commitment = "";

beforeAll(async () => {
  s = await drawScene(db);
  await makeExperts(db, 5, ["A0201"]);
  await makeExperts(db, 4, ["A0202"]);
  await makeExperts(db, 4, ["A0203"]);
  const r = await requestDraw(s.staff, drawRequest(s.lot.id));
  drawId = r.drawId;
  commitment = r.commitment;
  await addDrawEntropy(s.supervisor, { drawId, entropy: "骰子 6-2-4-4-1" });
});

describe("专家抽取记录表", () => {
  it("supervisors' sealed copy shows the commitment and the drawn experts' names; staff cannot render it", async () => {
    await expect(renderSealedDrawRecord(s.staff, { drawId })).rejects.toMatchObject({ status: 403 });
    const { bytes } = await renderSealedDrawRecord(s.supervisor, { drawId });
    const text = pdfText(bytes, "sealed.pdf");
    expect(text).toContain("专家抽取记录表");
    expect(text.replace(/\s+/g, "")).toContain(commitment);
    const drawn = await db.drawMember.findMany({ where: { drawId }, include: { draw: false } });
    const names = await db.expert.findMany({ where: { id: { in: drawn.map((m) => m.expertId) } }, select: { name: true } });
    for (const n of names) expect(text).toContain(n.name);
    expect(await db.auditEntry.count({ where: { action: "draw.sealed_record_rendered", entityId: drawId } })).toBe(1);
  });

  it("finalising enqueues the staff copy: stored, internal, with the commitment and no name or expert code", async () => {
    await finalizeDraw(s.staff, { drawId, confirm: true });
    const job = await db.outboxJob.findFirstOrThrow({ where: { name: "renderDrawRecord" } });
    await runJob({ id: job.jobId, name: job.name, data: job.payload, attemptsMade: 0, updateProgress: async () => {} });
    const draw = await db.draw.findUniqueOrThrow({ where: { id: drawId } });
    expect(draw.documentId).not.toBeNull();
    const doc = await db.document.findUniqueOrThrow({ where: { id: draw.documentId! } });
    expect(doc).toMatchObject({ kind: "draw-record", public: false, ownerOrgId: null, entityType: "Draw", entityId: drawId });
    expect(doc.number).toMatch(/^ZJCQ-\d{8}-\d{4}$/);
    const chunks: Buffer[] = [];
    for await (const c of getStorage().get(doc.storageKey)) chunks.push(c as Buffer);
    const text = pdfText(Buffer.concat(chunks), "staff.pdf");
    expect(text.replace(/\s+/g, "")).toContain(commitment);
    expect(text).toContain("抽取经办人");
    expect(text).toContain("监督人员（签字）");
    const all = await db.expert.findMany({ select: { name: true, code: true } });
    for (const e of all) {
      expect(text).not.toContain(e.name);
      expect(text).not.toContain(e.code);
    }
    // Idempotent: a second run keeps the same document.
    await runJob({ id: job.jobId, name: job.name, data: job.payload, attemptsMade: 1, updateProgress: async () => {} });
    expect(await db.document.count({ where: { kind: "draw-record" } })).toBe(1);
  });

  it("the staff list shows only draws of lots the caller handles (centre: all; another buyer's staff: none)", async () => {
    expect((await listStaffDraws(s.staff)).map((d) => d.id)).toEqual([drawId]);
    const other = await makeOrg(db, "BUYER", "另一采购单位");
    const outsider = await makeUser(db, other.id, "STAFF", "他单位经办");
    expect(await listStaffDraws(outsider)).toEqual([]);
    expect(await listStaffDraws(outsider, { drawId })).toEqual([]);
  });
});

import writeExcelFile from "write-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { idNumberCheckChar } from "~/domain/experts/id-number";
import { runExpertImport } from "~/domain/experts/run-expert-import";
import { openSecret } from "~/domain/experts/secret-box";
import { setExpertSpecialties } from "~/domain/experts/set-expert-specialties";
import { startExpertImport } from "~/domain/experts/start-expert-import";
import { freshCreditCode } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { seedSpecialties } from "./draw-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

let staff: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  await seedSpecialties(db);
  const org = await makeOrg(db, "CENTRE", "交易中心");
  staff = await makeUser(db, org.id, "EXPERT_ADMIN", "专家库管理员");
});

let serial = 100;
function idNumber(): string {
  const first17 = `11010119${70 + (serial % 20)}0101${String(serial++).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}
const HEADER = ["姓名", "身份证号", "手机", "邮箱", "工作单位", "统一社会信用代码", "地区", "职称", "专业"];
const good = () => ["王建国", idNumber(), "13912345678", "wjg@example.com", "示范市市政设计院", freshCreditCode("12"), "320500", "正高级工程师", "A0201;A0202"];
const csv = (rows: string[][]) => Buffer.from("\uFEFF" + rows.map((r) => r.join(",")).join("\n"), "utf8");

async function importFile(fileName: string, bytes: Buffer) {
  const { importId } = await startExpertImport(staff, { fileName, bytes });
  const progress: number[] = [];
  const r = await runExpertImport(systemActor(), { importId }, { progress: async (p) => void progress.push(p) });
  return { importId, r, progress, imp: await db.expertImport.findUniqueOrThrow({ where: { id: importId } }) };
}

describe("expert import", () => {
  it("imports a CSV: codes assigned, ID number encrypted and masked, progress to 100", async () => {
    const rows = [good(), good(), good()];
    const { r, progress, imp } = await importFile("experts.csv", csv([HEADER, ...rows]));
    expect(r).toEqual({ status: "DONE", created: 3 });
    expect(imp).toMatchObject({ status: "DONE", total: 3, processed: 3, created: 3 });
    expect(progress.at(-1)).toBe(100);
    const e = await db.expert.findFirstOrThrow({ where: { name: "王建国" }, include: { specialties: true } });
    expect(e.code).toMatch(/^E-[0-9A-Z]{7}$/);
    expect(e.idNumberEnc).not.toContain(rows[0]![1]!.slice(6));
    expect(e.idNumberMasked).toMatch(/^110\*{11}\d{3}[\dX]$/);
    expect(rows.map((x) => x[1])).toContain(openSecret("expert-id-number", e.idNumberEnc));
    expect(e.specialties.map((s) => s.specialtyCode).sort()).toEqual(["A0201", "A0202"]);
  });

  it("a file with bad rows imports nothing and reports each row's error", async () => {
    const before = await db.expert.count();
    const dup = good();
    const badId = good();
    badId[1] = "110101197001010000";
    const badSpec = good();
    badSpec[8] = "Z99";
    const noName = good();
    noName[0] = "";
    const { r, imp } = await importFile("bad.csv", csv([HEADER, good(), badId, dup, dup, badSpec, noName]));
    expect(r).toMatchObject({ status: "FAILED" });
    expect(await db.expert.count()).toBe(before);
    expect(imp.errors).toEqual([
      { row: 3, column: "idNumber", code: "experts:errors.idNumber" },
      { row: 5, column: "idNumber", code: "experts:errors.duplicateInFile", params: { other: 4 } },
      { row: 6, column: "specialties", code: "experts:errors.unknownSpecialty" },
      { row: 7, column: "name", code: "experts:errors.required" },
    ]);
  });

  it("refuses an ID number already in the pool, naming the row", async () => {
    const row = good();
    await importFile("one.csv", csv([HEADER, row]));
    const { imp } = await importFile("again.csv", csv([HEADER, good(), row]));
    expect(imp.status).toBe("FAILED");
    expect(imp.errors).toEqual([{ row: 3, column: "idNumber", code: "experts:errors.duplicateIdNumber" }]);
  });

  it("imports an XLSX with English headers", async () => {
    const header = ["name", "idNumber", "phone", "email", "employer", "employerCreditCode", "region", "title", "specialties"];
    const rows = [header, ["Li Ming", idNumber(), "13800001111", "", "示范市桥梁研究所", freshCreditCode("12"), "320500", "高级工程师", "A0202"]];
    const bytes = await writeExcelFile(rows.map((r) => r.map((value) => ({ value })))).toBuffer();
    const { r } = await importFile("pool.xlsx", bytes);
    expect(r).toEqual({ status: "DONE", created: 1 });
  });

  it("refuses other file types up front", async () => {
    await expect(startExpertImport(staff, { fileName: "x.pdf", bytes: Buffer.from("x") })).rejects.toMatchObject({ code: "experts:errors.fileType" });
  });

  it("staff edits of specialties are audited with before and after", async () => {
    const e = await db.expert.findFirstOrThrow({ where: { name: "王建国" } });
    const r = await setExpertSpecialties(staff, { expertId: e.id, codes: ["a0203", "A0201"] });
    expect(r).toMatchObject({ changed: true, before: ["A0201", "A0202"], after: ["A0201", "A0203"] });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "expert.specialties_changed", entityId: e.id } });
    expect(audit.actorId).toBe(staff.userId);
    expect(audit.detail).toMatchObject({ before: "A0201,A0202", after: "A0201,A0203", added: "A0203", removed: "A0202" });
    expect(audit.beforeDigest).not.toBe(audit.afterDigest);
    await expect(setExpertSpecialties({ ...staff, role: "EXPERT" }, { expertId: e.id, codes: ["A0201"] })).rejects.toMatchObject({ status: 403 });
  });
});

import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { newExpertCode } from "./expert-code";
import { readTable, validateRows, type ExpertRow, type RowError } from "./expert-rows";
import { sealSecret, secretHmac } from "./secret-box";

const BATCH = 500;

async function readAll(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The import job's work: parse, validate every row (0–40 %), check ID numbers against the pool, then
 * insert everything in ONE transaction in batches (40–100 %). Progress is written to the ExpertImport row
 * through a separate connection so the polling page sees it while the transaction is open; a failure
 * anywhere rolls every row back and leaves the errors on the import.
 */
export async function runExpertImport(
  actor: Actor,
  input: { importId: string },
  deps: { db?: Db; storage?: Storage; progress?: (pct: number) => Promise<void> } = {},
) {
  if (actor.role !== "SYSTEM") throw new DomainError("common:errors.forbidden", { permission: "expert.import.run" }, 403);
  const db = deps.db ?? getDb();
  const imp = await db.expertImport.findUnique({ where: { id: input.importId } });
  if (!imp) throw new DomainError("experts:errors.importNotFound", {}, 404);
  if (imp.status === "DONE" || imp.status === "FAILED") return { status: imp.status, created: imp.created };
  const report = async (processed: number, total: number) => {
    await db.expertImport.update({ where: { id: imp.id }, data: { processed, total } });
    await deps.progress?.(total ? Math.floor((processed / total) * 100) : 0);
  };
  const fail = async (errors: RowError[]) => {
    await db.expertImport.update({ where: { id: imp.id }, data: { status: "FAILED", errors: errors.slice(0, 1000) as object[], finishedAt: new Date() } });
    return { status: "FAILED" as const, errors: errors.length };
  };
  await db.expertImport.update({ where: { id: imp.id }, data: { status: "RUNNING" } });

  let table: string[][];
  try {
    table = await readTable(imp.fileName, await readAll(deps.storage ?? getStorage(), imp.storageKey));
  } catch (e) {
    if (e instanceof DomainError) return fail([{ row: 0, column: "file", code: e.code, params: e.params }]);
    return fail([{ row: 0, column: "file", code: "experts:errors.fileType" }]);
  }
  const known = new Set((await db.specialty.findMany({ select: { code: true } })).map((s) => s.code));
  const { rows, errors } = validateRows(table, known);
  if (errors.length) return fail(errors);
  const total = rows.length;
  await report(Math.floor(total * 0.4), total);

  const hmacs = rows.map((r) => secretHmac("expert-id-number", r.idNumber));
  const dup = await db.expert.findMany({ where: { idNumberHmac: { in: hmacs } }, select: { idNumberHmac: true } });
  if (dup.length) {
    const d = new Set(dup.map((x) => x.idNumberHmac));
    return fail(rows.filter((_, i) => d.has(hmacs[i]!)).map((r) => ({ row: r.row, column: "idNumber", code: "experts:errors.duplicateIdNumber" })));
  }

  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH).map((r, j) => toData(r, hmacs[i + j]!));
        await tx.expert.createMany({ data: batch.map((b) => b.expert) });
        await tx.expertSpecialty.createMany({ data: batch.flatMap((b) => b.specialties) });
        await report(Math.floor(total * 0.4 + (i + batch.length) * 0.6), total);
      }
      await appendAudit(tx, actor, {
        action: "expert.imported",
        entityType: "ExpertImport",
        entityId: imp.id,
        after: { rows: total },
        detail: { fileName: imp.fileName, created: total, by: imp.createdById },
      });
    },
    { timeout: 600_000, maxWait: 10_000 },
  );
  await db.expertImport.update({ where: { id: imp.id }, data: { status: "DONE", processed: total, total, created: total, finishedAt: new Date() } });
  await deps.progress?.(100);
  return { status: "DONE" as const, created: total };
}

function toData(r: ExpertRow, hmac: string) {
  const id = crypto.randomUUID();
  return {
    expert: {
      id,
      code: newExpertCode(),
      name: r.name,
      idNumberEnc: sealSecret("expert-id-number", r.idNumber),
      idNumberMasked: r.idNumberMasked,
      idNumberHmac: hmac,
      phone: r.phone,
      email: r.email,
      employerOrgName: r.employerOrgName,
      employerCreditCode: r.employerCreditCode,
      region: r.region,
      title: r.title,
      status: r.status,
    },
    specialties: r.specialties.map((specialtyCode) => ({ expertId: id, specialtyCode })),
  };
}

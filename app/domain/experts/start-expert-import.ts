import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { importExperts } from "./jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb, type Db } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import { MAX_BYTES } from "./expert-rows";

/**
 * Staff upload a CSV/XLSX of experts: the file is stored, an ExpertImport row records it, and the worker
 * (job importExperts) validates and writes it — all rows or none — reporting progress on that row.
 */
export async function startExpertImport(actor: Actor, input: { fileName: string; bytes: Buffer }, deps: { db?: Db; storage?: Storage } = {}) {
  assertCan(actor, "expert.manage");
  const db = deps.db ?? getDb();
  const ext = input.fileName.toLowerCase().match(/\.(csv|xlsx)$/)?.[1];
  if (!ext) throw new DomainError("experts:errors.fileType", {}, 422, "file");
  if (input.bytes.length === 0) throw new DomainError("experts:errors.fileEmpty", {}, 422, "file");
  if (input.bytes.length > MAX_BYTES) throw new DomainError("experts:errors.fileTooLarge", { maxMb: MAX_BYTES >> 20, maxRows: 20000 }, 413, "file");
  const id = randomUUID();
  const storageKey = `expert-imports/${id}.${ext}`;
  await (deps.storage ?? getStorage()).put(storageKey, input.bytes);
  return db.$transaction(async (tx) => {
    const imp = await tx.expertImport.create({ data: { id, fileName: input.fileName.slice(0, 200), storageKey, createdById: actor.userId } });
    await appendAudit(tx, actor, { action: "expert.import_started", entityType: "ExpertImport", entityId: id, detail: { fileName: imp.fileName, size: input.bytes.length } });
    await enqueueJob(tx, importExperts, { importId: id });
    return { importId: id };
  });
}

/** Progress and errors of an import (the page polls this). */
export async function getExpertImport(actor: Actor, importId: string, db: Db = getDb()) {
  assertCan(actor, "expert.manage");
  const imp = await db.expertImport.findUnique({ where: { id: importId } });
  if (!imp) throw new DomainError("experts:errors.importNotFound", {}, 404);
  return imp;
}

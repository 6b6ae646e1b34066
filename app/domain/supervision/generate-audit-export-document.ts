import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { listSealedSince, resolveAuditFilter, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";
import { renderAuditExportPdf, type CheckpointRef } from "./audit-export-pdf";
import { EXPORT_LIMITS } from "./export-limits";

/** 审计导出 (ShenJi DaoChu). */
const NUMBER_CODE = "SJDC";
export const AUDIT_EXPORT_KIND = "audit-export";

/**
 * Worker side of a PDF export (job renderAuditExport): reads the fixed range with the requester's own
 * scope (an audit admin's export holds admin actions only), renders it with progress written to the row,
 * stores the PDF as a non-public Document. Idempotent: a finished export is returned as it is.
 */
export async function generateAuditExportDocument(
  actor: Actor,
  input: { exportId: string },
  hooks: { progress?: (pct: number) => Promise<void> } = {},
  db: Db = getDb(),
) {
  assertCan(actor, "document.generate");
  const row = await db.auditExport.findUnique({ where: { id: input.exportId } });
  if (!row) throw new DomainError("supervision:errors.exportNotFound", {}, 404);
  if (row.status === "DONE" && row.documentId) return { documentId: row.documentId, created: false };
  const user = await db.user.findUnique({ where: { id: row.requestedById }, select: { role: true, orgId: true, displayName: true, username: true } });
  const parsed = parseAuditFilter(new URLSearchParams(row.filter));
  if (!user || !parsed.ok) return fail(db, row.id, "supervision:errors.exportFilterInvalid");
  await db.auditExport.update({ where: { id: row.id }, data: { status: "RUNNING", processed: 0 } });
  const requester: Actor = { userId: row.requestedById, role: user.role, orgId: user.orgId, ip: "", userAgent: "worker:audit-export" };

  try {
    // Entries first (plain SQL, a second or so for the bound): the content digest covers them all.
    const rf = await resolveAuditFilter(requester, parsed.filter);
    const entries: AuditEntryView[] = [];
    let after = "0";
    for (;;) {
      const batch = (await listSealedSince(rf, after, 5000)).filter((e) => BigInt(e.seq!) <= row.upToSeq);
      entries.push(...batch);
      if (batch.length < 5000 || entries.length > EXPORT_LIMITS.pdf) break;
      after = batch[batch.length - 1]!.seq!;
    }
    if (entries.length > EXPORT_LIMITS.pdf) return fail(db, row.id, "supervision:errors.exportTooLarge");
    const report = async (share: number) => {
      await db.auditExport.update({ where: { id: row.id }, data: { processed: Math.round(share * entries.length) } });
      await hooks.progress?.(5 + share * 90);
    };
    const first = entries[0];
    const last = entries[entries.length - 1];
    const [before, afterCp] = await Promise.all([
      first
        ? db.auditCheckpoint.findFirst({ where: { headSeq: { lt: BigInt(first.seq!) } }, orderBy: { headSeq: "desc" } })
        : Promise.resolve(null),
      last ? db.auditCheckpoint.findFirst({ where: { headSeq: { gte: BigInt(last.seq!) } }, orderBy: { headSeq: "asc" } }) : Promise.resolve(null),
    ]);
    const ref = (c: typeof before): CheckpointRef | null => (c ? { day: c.day, headSeq: c.headSeq.toString(), headHash: c.headHash } : null);
    const generatedAt = new Date();
    const content = {
      kind: AUDIT_EXPORT_KIND,
      exportId: row.id,
      filter: row.filter,
      upToSeq: row.upToSeq,
      count: entries.length,
      // The chain hashes commit to every entry's content: a digest over them stands for the whole range.
      hashes: sha256Hex(entries.map((e) => e.hash).join("\n")),
    };
    return await db.$transaction(
      async (tx) => {
        const number = await nextDocumentNumber(tx, documentPrefix(NUMBER_CODE, generatedAt));
        const bytes = await renderAuditExportPdf({
          number,
          contentDigest: sha256Hex(canonicalJson(content)),
          generatedAt,
          filterText: [...new URLSearchParams(row.filter)].map(([k, v]) => `${k}=${v}`).join("，"),
          requestedBy: `${user.displayName || user.username}（${user.role}）`,
          upToSeq: row.upToSeq.toString(),
          entries,
          checkpointBefore: ref(before),
          checkpointAfter: ref(afterCp),
          onProgress: report,
        });
        const doc = await storeDocument(tx, {
          kind: AUDIT_EXPORT_KIND,
          number,
          title: `审计日志导出 ${number}`,
          entityType: "AuditExport",
          entityId: row.id,
          ownerOrgId: null,
          public: false,
          bytes,
        });
        await tx.auditExport.update({
          where: { id: row.id },
          data: { status: "DONE", processed: entries.length, documentId: doc.id, finishedAt: new Date() },
        });
        return { documentId: doc.id, created: true };
      },
      // Rendering 50 000 entries takes a while; the number's row lock is held meanwhile (one export at a time).
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  } catch (e) {
    await db.auditExport.update({ where: { id: row.id }, data: { status: "FAILED", error: String((e as Error).message).slice(0, 200) } });
    throw e;
  }
}

async function fail(db: Db, id: string, code: string): Promise<never> {
  await db.auditExport.update({ where: { id }, data: { status: "FAILED", error: code, finishedAt: new Date() } });
  throw new DomainError(code, {}, 422);
}

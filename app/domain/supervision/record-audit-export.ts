import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import type { AuditFilter } from "~/domain/audit/audit-filter";
import { getDb } from "~/lib/db.server";

/**
 * Who exported what is itself on the record: one entry per CSV or XLSX download of the live log, written
 * when the export's range is fixed (before a byte is sent), with the filter, the chain head and the count.
 * (The PDF export is recorded by requestAuditExport with its AuditExport row.)
 */
export async function recordAuditExport(actor: Actor, format: "csv" | "xlsx", filter: AuditFilter, range: { upToSeq: string; count: number }) {
  await getDb().$transaction((tx) =>
    appendAudit(tx, actor, { action: "audit.exported", entityType: "AuditLog", entityId: format, detail: { format, filter, upToSeq: range.upToSeq, count: range.count } }),
  );
}

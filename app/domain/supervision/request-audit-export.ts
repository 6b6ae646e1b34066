import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { DomainError } from "~/domain/errors";
import { enqueueJob } from "~/jobs/enqueue-job";
import { getDb } from "~/lib/db.server";
import { checkExportSize } from "./check-export-size";
import { renderAuditExport } from "./jobs";

/** Live-log filter keys carried into an export (the page's own, minus its paging cursor). */
const FILTER_KEYS = ["action", "entityType", "entityId", "lot", "actor", "org", "from", "to"];

/** The filter part of a query string, normalised (known keys, non-empty, fixed order). */
export function exportFilterQuery(params: URLSearchParams): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) q.set(k, v);
  }
  return q.toString();
}

/**
 * A supervisor asks for the filtered live log as a PDF with its chain hashes. The range is fixed now (chain
 * head) and counted: an empty range or one above the PDF bound is refused at once with a localized
 * message; otherwise an AuditExport row and its worker job (renderAuditExport) commit together.
 */
export async function requestAuditExport(actor: Actor, input: { query: string }): Promise<{ exportId: string; total: number }> {
  assertCan(actor, "audit.log.export");
  const query = exportFilterQuery(new URLSearchParams(input.query));
  const parsed = parseAuditFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new DomainError("supervision:errors.exportFilterInvalid", {}, 422);
  const { upToSeq, count } = await checkExportSize(actor, parsed.filter, "pdf");
  return getDb().$transaction(async (tx) => {
    const row = await tx.auditExport.create({
      data: { requestedById: actor.userId, filter: query, upToSeq: BigInt(upToSeq), total: count },
    });
    await enqueueJob(tx, renderAuditExport, { exportId: row.id });
    await appendAudit(tx, actor, {
      action: "audit.exported",
      entityType: "AuditExport",
      entityId: row.id,
      detail: { format: "pdf", filter: query.slice(0, 500), upToSeq, count },
    });
    return { exportId: row.id, total: count };
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { AuditFilter } from "~/domain/audit/audit-filter";
import { countSealedEntries, resolveAuditFilter, sealedHeadSeq, type ResolvedFilter } from "~/domain/audit/list-audit-entries";
import { DomainError } from "~/domain/errors";
import { EXPORT_LIMITS, type ExportFormat } from "./export-limits";

/**
 * Resolves a live-log filter for an export and fixes its range: sealed entries up to the current chain
 * head. Refuses (422, localized) an empty range and one above the format's bound, so a supervisor learns
 * before any work is done that the filter must be narrowed. Counting stops one past the bound.
 */
export async function checkExportSize(
  actor: Actor,
  filter: AuditFilter,
  format: ExportFormat,
  deps: { pool?: unknown } = {},
): Promise<{ rf: ResolvedFilter; upToSeq: string; count: number }> {
  assertCan(actor, "audit.log.export");
  const rf = await resolveAuditFilter(actor, filter, deps);
  const upToSeq = await sealedHeadSeq(deps.pool);
  const max = EXPORT_LIMITS[format];
  const count = await countSealedEntries(rf, upToSeq, max + 1, deps.pool);
  if (count > max) throw new DomainError("supervision:errors.exportTooLarge", { max: max.toLocaleString("en-US") }, 422);
  if (count === 0) throw new DomainError("supervision:errors.exportEmpty", {}, 422);
  return { rf, upToSeq, count };
}

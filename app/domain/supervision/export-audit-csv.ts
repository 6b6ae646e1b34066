import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { AuditFilter } from "~/domain/audit/audit-filter";
import { listSealedSince, resolveAuditFilter, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { formatShanghai } from "~/domain/documents/format-shanghai";
import { csvCell } from "./get-statistics";

/** One export holds at most this many rows; the last line says when it was cut (narrow the filter). */
export const EXPORT_MAX_ROWS = 100_000;
const BATCH = 5000;

const HEADER = ["seq", "at_shanghai", "actor_role", "actor", "organisation", "action", "entity_type", "entity_id", "detail", "ip", "user_agent", "prev_hash", "hash"];

const line = (e: AuditEntryView) =>
  [e.seq, formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss.SSS"), e.actorRole, e.actorName ?? e.actorId ?? "", e.orgName ?? "", e.action, e.entityType, e.entityId, JSON.stringify(e.detail), e.ip, e.userAgent, e.prevHash, e.hash]
    .map(csvCell)
    .join(",") + "\r\n";

/**
 * The filtered live log as a CSV stream in chain order (sealed entries, with their chain hashes so a
 * reader can re-check the chain), fetched 5 000 rows at a time and bounded to EXPORT_MAX_ROWS. Same
 * filter and scope as the live log page; the export itself is audited by the route.
 */
export async function exportAuditCsv(actor: Actor, filter: AuditFilter, deps: { pool?: unknown } = {}): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "audit.log.export");
  const rf = await resolveAuditFilter(actor, filter, deps);
  const enc = new TextEncoder();
  let after = "0";
  let sent = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode("\uFEFF" + HEADER.join(",") + "\r\n"));
        return;
      }
      const rows = await listSealedSince(rf, after, Math.min(BATCH, EXPORT_MAX_ROWS - sent), deps.pool);
      if (rows.length) {
        controller.enqueue(enc.encode(rows.map(line).join("")));
        sent += rows.length;
        after = rows[rows.length - 1]!.seq!;
      }
      if (rows.length === 0 || sent >= EXPORT_MAX_ROWS) {
        if (sent >= EXPORT_MAX_ROWS) controller.enqueue(enc.encode(`# truncated at ${EXPORT_MAX_ROWS} rows; narrow the filter\r\n`));
        controller.close();
      }
    },
  });
}

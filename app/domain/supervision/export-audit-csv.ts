import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { AuditFilter } from "~/domain/audit/audit-filter";
import { listSealedSince, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { describeEntry, type Translate } from "~/domain/audit/describe-entry";
import { formatShanghai } from "~/lib/time";
import { docText, type DocLang } from "~/domain/documents/texts";
import { notifyT } from "~/domain/notify/templates";
import { checkExportSize } from "./check-export-size";
import { recordAuditExport } from "./record-audit-export";
import { EXPORT_LIMITS } from "./export-limits";
import { csvCell } from "./get-statistics";

/** One export holds at most this many rows: a bigger range is refused up front (narrow the filter). */
export const EXPORT_MAX_ROWS = EXPORT_LIMITS.csv;
const BATCH = 5000;

// Words first (what the page shows: action, object, details as labelled fields), then the recorded codes and
// the raw detail, so the file both reads and re-checks against the chain.
const COLS = ["seq", "atShanghai", "actorRole", "actor", "organisation", "actionWords", "entity", "details", "action", "entityType", "entityId", "detail", "ip", "userAgent", "prevHash", "hash"];

const line = (t: Translate) => (e: AuditEntryView) => {
  const w = describeEntry(e, t, (iso) => formatShanghai(new Date(iso), "yyyy-MM-dd HH:mm:ss"));
  const role = t(`common:roles.${e.actorRole}`, { defaultValue: e.actorRole });
  return [e.seq, formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss.SSS"), role, e.actorName ?? e.actorId ?? "", e.orgName ?? "", w.action, w.entity, w.line, e.action, e.entityType, e.entityId, JSON.stringify(e.detail), e.ip, e.userAgent, e.prevHash, e.hash]
    .map(csvCell)
    .join(",") + "\r\n";
};

/**
 * The filtered live log as a CSV stream in chain order (sealed entries, with their chain hashes so a
 * reader can re-check the chain), fetched 5 000 rows at a time: memory stays flat whatever the range.
 * The range is fixed when the export starts (chain head at that moment) and counted first: above
 * EXPORT_MAX_ROWS the export is refused (DomainError 422) before a byte is sent. Same filter and scope as
 * the live log page; the export itself is audited here (recordAuditExport).
 */
export async function exportAuditCsv(actor: Actor, filter: AuditFilter, deps: { pool?: unknown; lang?: DocLang } = {}): Promise<ReadableStream<Uint8Array>> {
  assertCan(actor, "audit.log.export");
  const { rf, upToSeq, count } = await checkExportSize(actor, filter, "csv", deps);
  await recordAuditExport(actor, "csv", filter, { upToSeq, count });
  const enc = new TextEncoder();
  const lang = deps.lang ?? "zh-CN";
  const toLine = line(notifyT(lang));
  const head = BigInt(upToSeq);
  let after = "0";
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode("\uFEFF" + COLS.map((c) => csvCell(docText(lang, `xlsx.cols.${c}`))).join(",") + "\r\n"));
        return;
      }
      const rows = (await listSealedSince(rf, after, BATCH, deps.pool)).filter((e) => BigInt(e.seq!) <= head);
      if (rows.length) {
        controller.enqueue(enc.encode(rows.map(toLine).join("")));
        after = rows[rows.length - 1]!.seq!;
      }
      if (rows.length < BATCH || BigInt(after) >= head) controller.close();
    },
  });
}

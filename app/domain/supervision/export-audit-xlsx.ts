import writeXlsxFile from "write-excel-file/node";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import type { AuditFilter } from "~/domain/audit/audit-filter";
import { listSealedSince, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { describeEntry, type Translate } from "~/domain/audit/describe-entry";
import { formatShanghai } from "~/lib/time";
import { notifyT } from "~/domain/notify/templates";
import type { DocLang } from "~/domain/documents/texts";
import { checkExportSize } from "./check-export-size";
import { recordAuditExport } from "./record-audit-export";
import { sheet } from "./statistics-xlsx";

const COLS = ["seq", "atShanghai", "actorRole", "actor", "organisation", "actionWords", "entity", "details", "action", "entityType", "entityId", "detail", "ip", "userAgent", "prevHash", "hash"];

/** Same columns as the CSV: the entry in words, then its recorded codes and raw detail. */
const cells = (t: Translate) => (e: AuditEntryView): (string | number)[] => {
  const w = describeEntry(e, t, (iso) => formatShanghai(new Date(iso), "yyyy-MM-dd HH:mm:ss"));
  return [
    Number(e.seq),
    formatShanghai(new Date(e.at), "yyyy-MM-dd HH:mm:ss.SSS"),
    t(`common:roles.${e.actorRole}`, { defaultValue: e.actorRole }),
    e.actorName ?? e.actorId ?? "",
    e.orgName ?? "",
    w.action,
    w.entity,
    w.line,
    e.action,
    e.entityType,
    e.entityId,
    JSON.stringify(e.detail),
    e.ip,
    e.userAgent,
    e.prevHash ?? "",
    e.hash ?? "",
  ];
};

/**
 * The filtered live log as an .xlsx workbook (same rows and columns as the CSV). The workbook is built in
 * memory, so its bound is lower than the streamed CSV's: a bigger range is refused up front.
 */
export async function exportAuditXlsx(actor: Actor, filter: AuditFilter, lang: DocLang = "zh-CN", deps: { pool?: unknown } = {}): Promise<Buffer> {
  assertCan(actor, "audit.log.export");
  const { rf, upToSeq, count } = await checkExportSize(actor, filter, "xlsx", deps);
  await recordAuditExport(actor, "xlsx", filter, { upToSeq, count });
  const head = BigInt(upToSeq);
  const rows: (string | number)[][] = [];
  const toCells = cells(notifyT(lang));
  let after = "0";
  for (;;) {
    const batch = (await listSealedSince(rf, after, 5000, deps.pool)).filter((e) => BigInt(e.seq!) <= head);
    rows.push(...batch.map(toCells));
    if (batch.length < 5000) break;
    after = batch[batch.length - 1]!.seq!;
  }
  return writeXlsxFile([sheet(lang, "auditLog", COLS, rows)]).toBuffer();
}

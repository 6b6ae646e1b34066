import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { isDomainError } from "~/domain/errors";
import { exportAuditXlsx } from "~/domain/supervision/export-audit-xlsx";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { refuseExport } from "~/web/export-refusal.server";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** GET /supervision/log/export.xlsx?<live-log filter> — the filtered log as an Excel workbook (bounded). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  const url = new URL(request.url);
  const parsed = parseAuditFilter(url.searchParams);
  if (!parsed.ok) return refuseExport(url, "xlsx", "exportFilterInvalid");
  let bytes: Buffer;
  try {
    bytes = await exportAuditXlsx(actor, parsed.filter, actor.user.locale === "en" ? "en" : "zh-CN");
  } catch (e) {
    if (isDomainError(e) && e.status === 422) return refuseExport(url, "xlsx", e.code);
    throw e;
  }
  await getDb().$transaction((tx) =>
    appendAudit(tx, actor, { action: "audit.exported", entityType: "AuditLog", entityId: "xlsx", detail: { filter: url.search.slice(0, 500) } }),
  );
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": XLSX_MIME,
      "Content-Disposition": `attachment; filename="audit-log.xlsx"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "no-store",
    },
  });
}

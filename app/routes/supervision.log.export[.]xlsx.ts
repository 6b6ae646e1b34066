import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { exportAuditXlsx } from "~/domain/supervision/export-audit-xlsx";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { orHttp } from "~/lib/http.server";
import { refuseExport } from "~/web/export-refusal.server";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** GET /supervision/log/export.xlsx?<live-log filter> — the filtered log as an Excel workbook (bounded). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  const url = new URL(request.url);
  const parsed = parseAuditFilter(url.searchParams);
  if (!parsed.ok) return refuseExport(url, "xlsx", "exportFilterInvalid");
  // Too large or empty (422) goes back to the live log with the reason; other refusals keep their status.
  const bytes = await orHttp(exportAuditXlsx(actor, parsed.filter, actor.user.locale === "en" ? "en" : "zh-CN"), {
    answer: (e) => (e.status === 422 ? refuseExport(url, "xlsx", e.code) : undefined),
  });
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

import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { exportAuditCsv } from "~/domain/supervision/export-audit-csv";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { orHttp } from "~/lib/http.server";
import { refuseExport } from "~/web/export-refusal.server";

/** GET /supervision/log/export.csv?<live-log filter> — streamed CSV of the filtered log (bounded: too big is refused). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  const url = new URL(request.url);
  const parsed = parseAuditFilter(url.searchParams);
  if (!parsed.ok) return refuseExport(url, "csv", "exportFilterInvalid");
  // Too large or empty (422) goes back to the live log with the reason; other refusals keep their status.
  const stream = await orHttp(exportAuditCsv(actor, parsed.filter, { lang: actor.user.locale === "en" ? "en" : "zh-CN" }), {
    answer: (e) => (e.status === 422 ? refuseExport(url, "csv", e.code) : undefined),
  });
  // Who exported what is itself on the record.
  await getDb().$transaction((tx) =>
    appendAudit(tx, actor, { action: "audit.exported", entityType: "AuditLog", entityId: "csv", detail: { filter: url.search.slice(0, 500) } }),
  );
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

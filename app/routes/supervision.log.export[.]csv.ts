import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/domain/audit/append-audit";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { exportAuditCsv } from "~/domain/supervision/export-audit-csv";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";

/** GET /supervision/log/export.csv?<live-log filter> — streamed CSV of the filtered log (bounded). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  const parsed = parseAuditFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return new Response(JSON.stringify({ errors: parsed.errors }), { status: 400, headers: { "Content-Type": "application/json" } });
  const stream = await exportAuditCsv(actor, parsed.filter);
  // Who exported what is itself on the record.
  await getDb().$transaction((tx) =>
    appendAudit(tx, actor, { action: "audit.exported", entityType: "AuditLog", entityId: "csv", detail: { filter: new URL(request.url).search.slice(0, 500) } }),
  );
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requestAuditExport } from "~/domain/supervision/request-audit-export";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { orHttp } from "~/lib/http.server";
import { refuseExport } from "~/web/export-refusal.server";

/**
 * POST /supervision/log/export.pdf?<live-log filter> — asks the worker for a PDF of the filtered range with
 * its chain hashes, then shows its progress page; a too-large or empty range goes back with the reason.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  await readForm(request);
  const url = new URL(request.url);
  // Too large or empty (422) goes back to the live log with the reason; other refusals keep their status.
  const { exportId } = await orHttp(requestAuditExport(actor, { query: url.searchParams.toString() }), {
    answer: (e) => (e.status === 422 ? refuseExport(url, "pdf", e.code) : undefined),
  });
  return redirect(`/supervision/log/exports/${exportId}`);
}

export function loader() {
  return redirect("/supervision/log");
}

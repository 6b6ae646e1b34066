import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isDomainError } from "~/domain/errors";
import { requestAuditExport } from "~/domain/supervision/request-audit-export";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { refuseExport } from "~/web/export-refusal.server";

/**
 * POST /supervision/log/export.pdf?<live-log filter> — asks the worker for a PDF of the filtered range with
 * its chain hashes, then shows its progress page; a too-large or empty range goes back with the reason.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.export");
  await readForm(request);
  const url = new URL(request.url);
  try {
    const { exportId } = await requestAuditExport(actor, { query: url.searchParams.toString() });
    return redirect(`/supervision/log/exports/${exportId}`);
  } catch (e) {
    if (isDomainError(e) && e.status === 422) return refuseExport(url, "pdf", e.code);
    throw e;
  }
}

export function loader() {
  return redirect("/supervision/log");
}

import { redirect } from "@remix-run/node";
import { exportFilterQuery } from "~/domain/supervision/request-audit-export";

/**
 * Sends a refused live-log export (too large, empty, bad filter) back to the live log with its filter and
 * the reason as ?exportError=<key>; the page's export panel explains it in the reader's language.
 */
export function refuseExport(url: URL, format: "csv" | "xlsx" | "pdf", code: string) {
  const q = new URLSearchParams(exportFilterQuery(url.searchParams));
  q.set("exportError", code.replace(/^supervision:errors\./, ""));
  q.set("exportFormat", format);
  return redirect(`/supervision/log?${q}`);
}

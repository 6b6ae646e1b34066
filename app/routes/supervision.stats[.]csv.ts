import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStatistics, statisticsCsv } from "~/domain/supervision/get-statistics";
import { requirePermission } from "~/lib/auth.server";

/** GET /supervision/stats.csv — the dashboard's tables as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  const csv = statisticsCsv(await getStatistics(actor));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="statistics.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

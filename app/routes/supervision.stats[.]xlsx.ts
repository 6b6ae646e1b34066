import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStatistics } from "~/domain/supervision/get-statistics";
import { statisticsXlsx } from "~/domain/supervision/statistics-xlsx";
import { requirePermission } from "~/lib/auth.server";

/** GET /supervision/stats.xlsx — the dashboard's tables as an Excel workbook (one sheet per table). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  const bytes = await statisticsXlsx(await getStatistics(actor), actor.user.locale === "en" ? "en" : "zh-CN");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="statistics.xlsx"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "no-store",
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsAccess } from "~/lib/metrics-access.server";
import { getMetrics } from "~/lib/metrics.server";

/**
 * GET /metrics — Prometheus text format: process metrics and http_request_duration_seconds (recorded by
 * server.ts). Operators only (issue 13 §5): `Authorization: Bearer $METRICS_TOKEN`, or a request from this
 * host when no token is configured. Everyone else gets a plain 404, as if there were nothing here.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!metricsAccess(request, context.clientIp)) return new Response("Not Found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

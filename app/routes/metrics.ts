import { getMetrics } from "~/lib/metrics.server";

/**
 * GET /metrics — Prometheus text format: process metrics and http_request_duration_seconds (recorded by
 * server.ts). Operators usually keep it off the public internet at the reverse proxy.
 */
export async function loader() {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

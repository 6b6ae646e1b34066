import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus registry. server.ts (loaded by tsx) and the Remix build (bundled by Vite)
 * each evaluate this module, so the registry lives on globalThis: both copies must record into and
 * read from the same one, and registering a metric twice would throw.
 */
interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status_code">;
}

const g = globalThis as unknown as { __metrics?: Metrics };

export function getMetrics(): Metrics {
  if (g.__metrics) return g.__metrics;
  const registry = new Registry();
  registry.setDefaultLabels({ service: process.env.SERVICE_NAME ?? "web" });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  g.__metrics = { registry, httpDuration };
  return g.__metrics;
}

const BIDDING_PATHS = /^(\/bidder|\/api\/v1\/bids|\/api\/v1\/uploads|\/hall|\/receipts)(\/|\.data$|$)/;

const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-z]{20,}|[0-9a-f]{16,}|[A-Z0-9]{18})$/i;

/**
 * A bounded label for a URL path: ids become ":id", assets collapse to one label and unmatched paths
 * (scanners probing /wp-admin…) to another. Raw paths as labels would grow the series without limit.
 */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return "(unmatched)";
  if (path.startsWith("/assets/")) return "/assets/*";
  // Bidding paths share one label each (issue 13 §5): a per-route counter of POST /bidder/lots/:id/bid or
  // /api/v1/bids would count bid finalisations live, a hint of who is bidding before the opening.
  const secret = BIDDING_PATHS.exec(path);
  if (secret) return `${secret[1]}/*`;
  const clean = path.replace(/\.data$/, ""); // single-fetch data requests share their page's label
  const segments = clean
    .split("/")
    .filter(Boolean)
    .slice(0, 4)
    .map((s) => (ID_SEGMENT.test(s) || s.length > 40 ? ":id" : s));
  return "/" + segments.join("/");
}

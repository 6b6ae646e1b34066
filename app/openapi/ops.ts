import { CENTRE_TZ } from "~/lib/time";
import { jsonResponse, registerPath, registerTag } from "~/lib/openapi";

// Operations endpoints (issue 2 item 7). Other areas add their own app/openapi/<area>.ts.
registerTag("ops", "Health, metrics, server time and this document");

registerPath("/healthz", "get", {
  tags: ["ops"],
  operationId: "getLiveness",
  summary: "Liveness of the web process",
  description:
    "200 while the process runs and its event loop answers, from the first instant after a start (the server build may still be loading) and while it drains. Checks no dependency: restart a process only when this fails.",
  responses: {
    200: jsonResponse("Alive", {
      type: "object",
      required: ["status", "pid", "uptimeMs"],
      properties: { status: { enum: ["ok", "draining"] }, pid: { type: "integer" }, uptimeMs: { type: "integer" } },
    }),
  },
});

registerPath("/readyz", "get", {
  tags: ["ops"],
  operationId: "getReadiness",
  summary: "Readiness: may this process get traffic?",
  description:
    "Checks PostgreSQL (SELECT 1) and Redis (PING) with short timeouts. 503 while the process is starting or draining, or when a dependency fails (named). A proxy sends requests only to ready processes.",
  responses: {
    200: jsonResponse("Ready", {
      type: "object",
      required: ["status", "db", "redis"],
      properties: {
        status: { const: "ok" },
        db: { const: "ok" },
        redis: { const: "ok" },
      },
    }),
    503: jsonResponse("Starting, draining, or a dependency failed", {
      type: "object",
      properties: {
        status: { enum: ["starting", "error", "shutting_down"] },
        db: { enum: ["ok", "error", "timeout", "unknown"] },
        redis: { enum: ["ok", "error", "timeout", "unknown"] },
      },
    }),
  },
});

registerPath("/metrics", "get", {
  tags: ["ops"],
  operationId: "getMetrics",
  summary: "Prometheus metrics (text exposition format) — operators only",
  description: "Needs `Authorization: Bearer <METRICS_TOKEN>`; without a configured token only requests from the server's own host are answered. Anyone else gets 404.",
  responses: {
    200: { description: "Metrics", content: { "text/plain": { schema: { type: "string" } } } },
    404: { description: "Not an operator (no or wrong token, or not from this host)" },
  },
});

registerPath("/api/v1/time", "get", {
  tags: ["ops"],
  operationId: "getServerTime",
  summary: "Server time — the portal's only clock",
  description: "Deadlines are decided by this clock. Clients estimate their offset from it (NTP style: use the round trip).",
  responses: {
    200: jsonResponse("Current server time", {
      type: "object",
      required: ["now", "epochMs", "timeZone", "display"],
      properties: {
        now: { type: "string", format: "date-time", description: "UTC, ISO 8601", examples: ["2026-11-23T06:05:09.123Z"] },
        epochMs: { type: "integer", description: "Milliseconds since the Unix epoch" },
        timeZone: { const: CENTRE_TZ },
        display: { type: "string", description: `${CENTRE_TZ} wall-clock time`, examples: ["2026-11-23 14:05:09"] },
      },
    }),
  },
});

registerPath("/api/v1/openapi.json", "get", {
  tags: ["ops"],
  operationId: "getOpenApi",
  summary: "This OpenAPI 3.1 document",
  responses: {
    200: jsonResponse("OpenAPI document", { type: "object" }),
  },
});

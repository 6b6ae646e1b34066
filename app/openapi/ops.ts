import { CENTRE_TZ } from "~/lib/time";
import { jsonResponse, registerPath, registerTag } from "~/lib/openapi";

// Operations endpoints (issue 2 item 7). Other areas add their own app/openapi/<area>.ts.
registerTag("ops", "Health, metrics, server time and this document");

registerPath("/healthz", "get", {
  tags: ["ops"],
  operationId: "getHealth",
  summary: "Health of the web process and its dependencies",
  description: "Checks PostgreSQL (SELECT 1) and Redis (PING) with short timeouts. 503 names the failing part.",
  responses: {
    200: jsonResponse("Healthy", {
      type: "object",
      required: ["status", "db", "redis"],
      properties: {
        status: { const: "ok" },
        db: { const: "ok" },
        redis: { const: "ok" },
      },
    }),
    503: jsonResponse("A dependency failed, or the process is shutting down", {
      type: "object",
      properties: {
        status: { enum: ["error", "shutting_down"] },
        db: { enum: ["ok", "error", "timeout"] },
        redis: { enum: ["ok", "error", "timeout"] },
      },
    }),
  },
});

registerPath("/metrics", "get", {
  tags: ["ops"],
  operationId: "getMetrics",
  summary: "Prometheus metrics (text exposition format)",
  responses: { 200: { description: "Metrics", content: { "text/plain": { schema: { type: "string" } } } } },
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

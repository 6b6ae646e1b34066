import { checkHealth } from "~/lib/health.server";

/** GET /healthz — 200 {status:"ok",db:"ok",redis:"ok"}, or 503 naming the failing part. */
export async function loader() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { hallRoleOf, loadSession } from "~/domain/opening/hall-access";
import { requirePermission } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { hallEventStream } from "~/domain/opening/hall-feed.server";
import { orHttp } from "~/lib/http.server";
import { streamGuard } from "~/lib/stream-guard.server";

/**
 * GET /hall/:lotId/stream — Server-Sent Events of the hall (event `hall`, id = OpeningEvent.seq). On
 * reconnection the browser sends Last-Event-ID and gets exactly the events after it (replayed from
 * PostgreSQL), then live ones (Redis fan-out, shared by every instance). Same admission as the page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "opening.read");
  const lotId = params.lotId ?? "";
  const db = getDb();
  const sessionId = await orHttp(async () => {
    await hallRoleOf(db, actor, lotId);
    return (await loadSession(db, lotId)).id;
  });
  const url = new URL(request.url);
  const raw = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? "0";
  const lastEventId = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  // Ends with the visitor's right (issue 13): logout, account disabled, admission withdrawn.
  const ctrl = new AbortController();
  const stop = streamGuard(request, actor, () => hallRoleOf(db, actor, lotId)).watch(() => ctrl.abort());
  if (request.signal.aborted) ctrl.abort();
  request.signal.addEventListener("abort", () => ctrl.abort(), { once: true });
  ctrl.signal.addEventListener("abort", stop, { once: true });
  return new Response(hallEventStream({ sessionId, lastEventId, signal: ctrl.signal }), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseAuditFilter } from "~/domain/audit/audit-filter";
import { resolveAuditFilter } from "~/domain/audit/list-audit-entries";
import { requirePermission } from "~/lib/auth.server";
import { orHttp } from "~/lib/http.server";
import { liveLogResponse } from "~/web/live-log-stream.server";
import { streamGuard } from "~/lib/stream-guard.server";

/**
 * GET /supervision/log/stream — Server-Sent Events of new audit entries matching the page's filter
 * (liveLogResponse: replay after Last-Event-ID from the chain, then live).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "audit.log.read");
  const url = new URL(request.url);
  const parsed = parseAuditFilter(url.searchParams);
  if (!parsed.ok) return new Response("Invalid filter", { status: 400 });
  // A social supervisor's scope (its assigned lots) is fixed for the stream's life; asking beyond is refused.
  const rf = await orHttp(resolveAuditFilter(actor, { ...parsed.filter, before: undefined }), { json: { request, ns: ["social", "common"] } });
  const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  const resumeFrom = lastEventId && /^\d{1,19}$/.test(lastEventId) ? lastEventId : null;

  // The stream lasts while its right does (issue 13): the session, the account, and for a social supervisor
  // the same scope — an appointment revoked or a lot opened ends it, and the reconnection takes the new scope.
  const sameScope = async () => {
    const now = await resolveAuditFilter(actor, { ...parsed.filter, before: undefined });
    if (JSON.stringify(now.scope) !== JSON.stringify(rf.scope)) throw new Error("scope changed");
  };
  return liveLogResponse(request, rf, resumeFrom, streamGuard(request, actor, sameScope));
}

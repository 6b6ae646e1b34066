import { formatShanghai, CENTRE_TZ } from "~/lib/time";

/**
 * GET /api/v1/time — the server clock, the portal's only clock. Browsers sync their display from it
 * (components/server-clock); integrators can check their own clock against it.
 */
export function loader() {
  const now = new Date();
  return Response.json(
    { now: now.toISOString(), epochMs: now.getTime(), timeZone: CENTRE_TZ, display: formatShanghai(now) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

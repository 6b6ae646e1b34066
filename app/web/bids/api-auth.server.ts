import type { ApiActor } from "~/domain/bids/api-actor";
import { DomainError } from "~/domain/errors";
import { actorFromRequest, getOptionalUser } from "~/lib/auth.server";
import { verifyCsrf } from "~/lib/csrf.server";
import { resolveApiToken } from "~/domain/bids/api-tokens";

/** Header a same-origin script sends with the CSRF token when it calls the API with the session cookie. */
export const CSRF_HEADER = "x-csrf-token";

/**
 * Who calls a bid API (uploads, finalise, withdraw): a personal API token (`Authorization: Bearer …`), or
 * the browser session cookie. Token calls need no CSRF protection (a foreign site cannot make the browser
 * attach the header); cookie calls that change state must carry the CSRF token in X-CSRF-Token, because
 * server.ts lets /api/* writes through its cross-site check. Throws 401 (nobody) or 403 (bad CSRF).
 */
export async function authenticateApi(request: Request): Promise<ApiActor> {
  const auth = request.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const resolved = m ? await resolveApiToken(m[1]!) : null;
    if (!resolved) throw new DomainError("bids:errors.badToken", {}, 401);
    const base = actorFromRequest(request, resolved.user);
    return { ...base, userId: resolved.user.id, orgId: resolved.user.orgId, via: "token", locale: resolved.user.locale };
  }
  const user = await getOptionalUser(request);
  if (!user) throw new DomainError("common:errors.authRequired", {}, 401);
  if (!["GET", "HEAD"].includes(request.method.toUpperCase())) verifyCsrf(request, request.headers.get(CSRF_HEADER));
  return { ...actorFromRequest(request, user), userId: user.id, orgId: user.orgId, via: "session", locale: user.locale };
}

/**
 * How routes learn who is asking. Every route guards with requireUser / requirePermission, which ask the
 * single permission table (app/domain/accounts/permissions.ts) — the same one every domain call asks.
 */
import { redirect } from "@remix-run/node";
import type { Actor, SignedInActor } from "~/domain/actor";
import { can, type Permission } from "~/domain/accounts/permissions";
import type { Role } from "~/generated/prisma/enums";
import { getSessionState, type SessionState } from "./session.server";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName: string;
  locale: string;
  totpEnabled: boolean;
}

function toSessionUser(s: SessionState["session"]): SessionUser {
  const u = s.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    orgId: u.orgId,
    orgName: u.org.name,
    locale: u.locale,
    totpEnabled: u.totpEnabled,
  };
}

/** The signed-in user (session valid, second factor passed), or null. Touches the idle timer. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const state = await getSessionState(request);
  return state && state.session.mfaPassed ? toSessionUser(state.session) : null;
}

/** A session that has passed the password but not yet the second factor (login.totp, enrolment). */
export async function getPendingSession(request: Request): Promise<{ token: string; user: SessionUser } | null> {
  const state = await getSessionState(request);
  return state && !state.session.mfaPassed ? { token: state.token, user: toSessionUser(state.session) } : null;
}

/** Any live session, pending or not, with its token (account.security serves both). */
export async function getAnySession(request: Request): Promise<{ token: string; user: SessionUser; pending: boolean } | null> {
  const state = await getSessionState(request);
  return state ? { token: state.token, user: toSessionUser(state.session), pending: !state.session.mfaPassed } : null;
}

const isApi = (request: Request) => new URL(request.url).pathname.startsWith("/api/");

/**
 * Redirects to /login (with ?redirectTo=) when nobody is signed in, or to the pending second-factor step
 * when only the password was given. API routes get a plain 401 instead of a redirect.
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (user) return user;
  if (isApi(request)) throw new Response(null, { status: 401 });
  const pending = await getPendingSession(request);
  if (pending) throw redirect(pending.user.totpEnabled ? "/login/totp" : "/account/security");
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
}

/** The guard every route uses: signed in + permitted, else 302 /login (401 for APIs) or 403. Returns the Actor for domain calls. */
export async function requirePermission(request: Request, permission: Permission): Promise<SignedInActor & { orgId: string; user: SessionUser }> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) throw new Response(null, { status: 403, statusText: "Forbidden" });
  return { ...signedInActor(request, user), user };
}

/** The signed-in user's actor: a session always carries its user's id, role and organisation. */
function signedInActor(request: Request, user: Pick<SessionUser, "id" | "role" | "orgId">): SignedInActor & { orgId: string } {
  return { userId: user.id, role: user.role, orgId: user.orgId, ...requestOrigin(request) };
}

/** Where the request came from: ip from X-Forwarded-For (set by server.ts per TRUST_PROXY), user agent header. */
function requestOrigin(request: Request): Pick<Actor, "ip" | "userAgent"> {
  const ip = (request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "").slice(0, 64);
  const userAgent = (request.headers.get("user-agent") ?? "").slice(0, 400);
  return { ip, userAgent };
}

/** Actor for a request: the signed-in user's, or PUBLIC when user is null. */
export function actorFromRequest(request: Request, user: Pick<SessionUser, "id" | "role" | "orgId"> | null): Actor {
  return user ? signedInActor(request, user) : { userId: null, role: "PUBLIC", orgId: null, ...requestOrigin(request) };
}

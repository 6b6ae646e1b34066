import { loadSession, type SessionWithUser } from "~/domain/accounts/sessions";
import { getEnv } from "./env.server";

/**
 * The session cookie: `__session`, httpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * posts), Secure when COOKIE_SECURE, path /. It holds only the random token; everything else is in the
 * Session table (app/domain/accounts/sessions.ts).
 */
export const SESSION_COOKIE = "__session";

/** Reads one cookie from the request without a dependency (names here are fixed, values base64url). */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return v.length > 0 && v.length <= 200 ? v : null;
    }
  }
  return null;
}

export function serializeCookie(name: string, value: string, opts: { maxAgeSeconds?: number } = {}): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (getEnv().COOKIE_SECURE) parts.push("Secure");
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

/** Set-Cookie for a new session token; the browser keeps it no longer than the absolute lifetime. */
export function sessionCookie(token: string): string {
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: getEnv().SESSION_MAX_HOURS * 3600 });
}

export function clearSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0 });
}

export interface SessionState {
  token: string;
  session: SessionWithUser;
}

/**
 * The request's session (fully signed in OR pending MFA), looked up once per request even when the
 * root loader and the route loader both ask.
 */
const perRequest = new WeakMap<Request, Promise<SessionState | null>>();

export function getSessionState(request: Request): Promise<SessionState | null> {
  let p = perRequest.get(request);
  if (!p) {
    const token = readSessionToken(request);
    p = token ? loadSession(token).then((session) => (session ? { token, session } : null)) : Promise.resolve(null);
    perRequest.set(request, p);
  }
  return p;
}
